import { QueryTypes, type QueryInterface, type Sequelize, type Transaction } from 'sequelize';
import type { Logger } from '../../lib/logger.js';
import { migration001Initial } from './001-initial.js';
import { migration002DocumentListIndexes } from './002-document-list-indexes.js';
import { migration003SigningFlow } from './003-signing-flow.js';
import { migration004Retention } from './004-retention.js';
import { migration006AuthThrottles } from './006-auth-throttles.js';
import { migration008DocumentSearch } from './008-document-search.js';

export interface Migration {
  version: number;
  name: string;
  /** Runs inside one transaction: pass `{ transaction }` to every call. */
  up(context: { queryInterface: QueryInterface; transaction: Transaction; dialect: string }): Promise<void>;
}

/** Every schema change, in order. Append only: a released migration is never edited. */
export const MIGRATIONS: Migration[] = [
  migration001Initial,
  migration002DocumentListIndexes,
  migration003SigningFlow,
  migration004Retention,
  migration006AuthThrottles,
  migration008DocumentSearch,
];

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction, so a crash
 * leaves the schema at a known version. Two processes starting at once: the loser's insert of the same
 * version fails and it re-reads.
 */
export async function runMigrations(options: { sequelize: Sequelize; logger?: Logger; /** tests: stop at an older version */ migrations?: Migration[] }): Promise<number[]> {
  const { sequelize } = options;
  const queryInterface = sequelize.getQueryInterface();
  await sequelize.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)');
  const applied: number[] = [];
  for (const migration of options.migrations ?? MIGRATIONS) {
    const done = await sequelize.query<{ version: number }>('SELECT version FROM schema_migrations WHERE version = ?', {
      replacements: [migration.version],
      type: QueryTypes.SELECT,
    });
    if (done.length) continue;
    await sequelize.transaction(async (transaction) => {
      await sequelize.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', {
        replacements: [migration.version, migration.name, new Date().toISOString()],
        transaction,
      });
      await migration.up({ queryInterface, transaction, dialect: sequelize.getDialect() });
    });
    options.logger?.info({ version: migration.version, name: migration.name }, 'migration applied');
    applied.push(migration.version);
  }
  return applied;
}

