import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Sequelize, Transaction } from 'sequelize';
import { SeglError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { defineModels, type Models } from './models/index.js';
import { runMigrations } from './migrations/run-migrations.js';

export interface Database {
  sequelize: Sequelize;
  models: Models;
  dialect: 'sqlite' | 'postgres';
  /** A write transaction; on SQLite it takes the write lock up front so concurrent writers queue instead of failing. */
  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens SQLite in the data directory (the embedded default) or PostgreSQL from DATABASE_URL, applies the
 * versioned migrations and defines the models.
 */
export async function openDatabase(options: { dataDir: string; databaseUrl?: string; logger?: Logger }): Promise<Database> {
  const url = options.databaseUrl;
  let sequelize: Sequelize;
  let dialect: Database['dialect'];
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    dialect = 'postgres';
    sequelize = new Sequelize(url, { dialect: 'postgres', logging: false, pool: { max: 10, idle: 10_000 } });
  } else if (!url || url.startsWith('sqlite:')) {
    dialect = 'sqlite';
    const storage = url ? url.replace(/^sqlite:(\/\/)?/, '') : join(options.dataDir, 'segl.sqlite');
    if (!url) mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    sequelize = new Sequelize({
      dialect: 'sqlite',
      storage,
      logging: false,
      // One connection: SQLite has one writer anyway; queueing in the pool avoids "database is locked".
      pool: { max: 1, min: 0, idle: 60_000 },
      transactionType: Transaction.TYPES.IMMEDIATE,
      retry: { max: 5 },
    });
  } else {
    throw new SeglError({ code: 'invalid_config', message: 'DATABASE_URL must be postgres://... or sqlite:PATH', status: 400 });
  }
  try {
    await sequelize.authenticate();
  } catch (cause) {
    throw new SeglError({ code: 'database_unavailable', message: `cannot open the database: ${(cause as Error).message}`, status: 503, expose: true, cause });
  }
  if (dialect === 'sqlite') {
    await sequelize.query('PRAGMA journal_mode = WAL');
    await sequelize.query('PRAGMA synchronous = FULL');
    await sequelize.query('PRAGMA foreign_keys = ON');
    await sequelize.query('PRAGMA busy_timeout = 10000');
  }
  await runMigrations({ sequelize, logger: options.logger });
  const models = defineModels(sequelize);
  return {
    sequelize,
    models,
    dialect,
    transaction: (work) => sequelize.transaction((transaction) => work(transaction)),
    close: () => sequelize.close(),
  };
}
