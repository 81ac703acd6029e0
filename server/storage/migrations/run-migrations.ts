import { QueryTypes, Transaction, UniqueConstraintError, type QueryInterface, type Sequelize } from 'sequelize';
import type { Logger } from '../../lib/logger.js';
import { migration001Initial } from './001-initial.js';
import { migration002DocumentListIndexes } from './002-document-list-indexes.js';
import { migration003SigningFlow } from './003-signing-flow.js';
import { migration004Retention } from './004-retention.js';
import { migration006AuthThrottles } from './006-auth-throttles.js';
import { migration008DocumentSearch } from './008-document-search.js';
import { migration007JobWaits } from './007-job-waits.js';
import { migration010LongTermRenewal } from './010-long-term-renewal.js';

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
  migration007JobWaits,
  migration008DocumentSearch,
  migration010LongTermRenewal,
];

/** The PostgreSQL advisory lock key every node takes before it touches the schema ("segl" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x7365676c;

/** How long a SQLite node waits for another one's migration before it gives up (its busy timeout is shorter). */
const SQLITE_LOCK_PATIENCE_MS = 10 * 60_000;

function isSqliteBusy(error: unknown): boolean {
  const text = `${(error as { parent?: { code?: string } })?.parent?.code ?? ''} ${(error as Error)?.message ?? ''}`;
  return /SQLITE_BUSY|database is locked/.test(text);
}

/**
 * Runs `work` in a transaction that holds the migration lock, so one node at a time reads and changes the schema:
 * PostgreSQL's transaction-level advisory lock (released by the commit or rollback, even if the node dies), SQLite's
 * exclusive transaction (the file's write lock, for every process on it). A node that finds the lock taken waits.
 */
async function underMigrationLock<T>(sequelize: Sequelize, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  if (sequelize.getDialect() === 'postgres') {
    return sequelize.transaction(async (transaction) => {
      await sequelize.query('SELECT pg_advisory_xact_lock(?)', { replacements: [MIGRATION_LOCK_KEY], transaction });
      return work(transaction);
    });
  }
  const deadline = Date.now() + SQLITE_LOCK_PATIENCE_MS;
  for (;;) {
    try {
      return await sequelize.transaction({ type: Transaction.TYPES.EXCLUSIVE }, work);
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function isApplied(sequelize: Sequelize, version: number, transaction?: Transaction): Promise<boolean> {
  const rows = await sequelize.query<{ version: number }>('SELECT version FROM schema_migrations WHERE version = ?', {
    replacements: [version],
    type: QueryTypes.SELECT,
    transaction,
  });
  return rows.length > 0;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction under the migration
 * lock, so a crash leaves the schema at a known version and any number of nodes can start (or upgrade) at once: each
 * waits for the lock, then re-reads what is applied, and applies only what is still missing.
 */
export async function runMigrations(options: {
  sequelize: Sequelize;
  logger?: Logger /** tests: stop at an older version */;
  migrations?: Migration[];
}): Promise<number[]> {
  const { sequelize } = options;
  const queryInterface = sequelize.getQueryInterface();
  const dialect = sequelize.getDialect();
  const createTable =
    'CREATE TABLE IF NOT EXISTS schema_migrations ' +
    '(version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)';
  await underMigrationLock(sequelize, (transaction) => sequelize.query(createTable, { transaction }));
  const applied: number[] = [];
  for (const migration of options.migrations ?? MIGRATIONS) {
    // outside the lock first: a node restarting on a current schema does not queue behind another's migration
    if (await isApplied(sequelize, migration.version)) continue;
    let ran: boolean;
    try {
      ran = await underMigrationLock(sequelize, async (transaction) => {
        if (await isApplied(sequelize, migration.version, transaction)) return false;
        await sequelize.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', {
          replacements: [migration.version, migration.name, new Date().toISOString()],
          transaction,
        });
        await migration.up({ queryInterface, transaction, dialect });
        return true;
      });
    } catch (error) {
      // a node of an older release (no lock) got there first: what it recorded is applied
      if (!(error instanceof UniqueConstraintError) || !(await isApplied(sequelize, migration.version))) throw error;
      ran = false;
    }
    if (!ran) continue;
    options.logger?.info({ version: migration.version, name: migration.name }, 'migration applied');
    applied.push(migration.version);
  }
  return applied;
}
