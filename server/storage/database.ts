import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { QueryTypes, Sequelize, Transaction } from 'sequelize';
import { SeglError } from '../lib/errors.js';
import { connectOrUnavailable } from './database-unavailable.js';
import type { Logger } from '../lib/logger.js';
import { defineModels, type Models } from './models/index.js';
import { runMigrations } from './migrations/run-migrations.js';
import { createJournalScrubber } from './sqlite-journal-scrub.js';

export interface Database {
  sequelize: Sequelize;
  models: Models;
  dialect: 'sqlite' | 'postgres';
  /**
   * Rows of a read-only statement with positional parameters `$1`, `$2`, ... for hot read paths (the public
   * portal). On SQLite it goes straight to the connection Sequelize keeps for queries outside transactions:
   * Sequelize runs each query in serialized mode and builds an Error (with its stack) per query, which caps
   * lookups far below what the HTTP layer serves. PostgreSQL goes through Sequelize.
   */
  selectRows<T extends object>(sql: string, params: unknown[]): Promise<T[]>;
  /** A write transaction; on SQLite it takes the write lock up front so concurrent writers queue instead of failing. */
  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T>;
  /**
   * After an erasure has committed: on SQLite, copies the write-ahead log into the database file (where
   * `secure_delete` has zeroed what was erased) and truncates the log to zero bytes, so that no earlier version of
   * an erased row stays readable in `-wal`. False when readers kept it from finishing: it is then retried in the
   * background until it does, and at the next start. PostgreSQL: nothing to do here (README: its vacuum and WAL).
   */
  scrubJournal(): Promise<boolean>;
  /** Whether a scrub of the write-ahead log is still owed (readers kept the last one from finishing). */
  scrubJournalOwed(): boolean;
  close(): Promise<void>;
}

interface SqliteConnection {
  configure(option: 'busyTimeout', value: number): void;
  exec(sql: string, callback: (error: Error | null) => void): void;
  all(sql: string, params: unknown[], callback: (error: Error | null, rows?: unknown[]) => void): void;
}

function createSelectRows(sequelize: Sequelize, dialect: 'sqlite' | 'postgres'): Database['selectRows'] {
  if (dialect === 'postgres') {
    return (sql, params) =>
      sequelize.query(sql, { bind: params, type: QueryTypes.SELECT, raw: true, logging: false }) as never;
  }
  const manager = sequelize.connectionManager as unknown as {
    getConnection(options: object): Promise<SqliteConnection>;
  };
  return async <T extends object>(sql: string, params: unknown[]) => {
    const connection = await manager.getConnection({});
    const text = sql.replace(/\$(\d+)/g, '?$1');
    return new Promise<T[]>((resolve, reject) =>
      connection.all(text, params, (error, rows) => (error ? reject(error) : resolve((rows ?? []) as T[]))),
    );
  };
}

const SQLITE_BUSY_TIMEOUT_MS = 15_000;
/** The WAL is cut back to this size whenever a checkpoint resets it, so it holds few stale frames of old rows. */
const SQLITE_JOURNAL_SIZE_LIMIT_BYTES = 1024 * 1024;

const SQLITE_PRAGMAS = [
  'PRAGMA foreign_keys = ON',
  'PRAGMA synchronous = FULL',
  // erased rows are overwritten with zeros in the file, not left in free pages or free space of a page
  'PRAGMA secure_delete = ON',
  `PRAGMA journal_size_limit = ${SQLITE_JOURNAL_SIZE_LIMIT_BYTES}`,
  // sorts and temporary tables stay in memory: no temporary file elsewhere on disk holds rows
  'PRAGMA temp_store = MEMORY',
];

function configureSqliteConnection(connection: SqliteConnection): Promise<void> {
  connection.configure('busyTimeout', SQLITE_BUSY_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    connection.exec(`${SQLITE_PRAGMAS.join('; ')};`, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * The database file and its `-wal` and `-shm` companions are readable by the owner only. SQLite gives new companion
 * files the database file's mode, so creating the file 0600 before SQLite does is enough for a new one; existing
 * files (from an older version) are narrowed.
 */
function restrictSqliteFiles(storage: string): void {
  if (storage === ':memory:' || storage === '') return;
  closeSync(openSync(storage, 'a', 0o600));
  for (const file of [storage, `${storage}-wal`, `${storage}-shm`, `${storage}-journal`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

/**
 * Sequelize opens a separate SQLite connection per transaction and runs no hook for it: wrap the connection
 * manager so that each new connection gets a busy timeout (without one, a writer meeting another fails at once
 * with "database is locked") and its foreign-key and durability settings.
 */
function configureEverySqliteConnection(sequelize: Sequelize): void {
  const manager = sequelize.connectionManager as unknown as {
    getConnection(options: unknown): Promise<SqliteConnection>;
  };
  const getConnection = manager.getConnection.bind(manager);
  const configured = new WeakSet<SqliteConnection>();
  manager.getConnection = async (options) => {
    const connection = await getConnection(options);
    if (!configured.has(connection)) {
      configured.add(connection);
      await configureSqliteConnection(connection);
    }
    return connection;
  };
}

type Queue = ReturnType<typeof createQueue>;

const WRITE_STATEMENT = /^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b/i;

/**
 * SQLite has one writer. A write outside a transaction that meets another connection's write lock waits in a
 * libuv thread; with a few of those waiting, the lock holder gets no thread to commit with and everything
 * stalls. So this process's writes outside transactions take their turn in the same queue as transactions.
 */
function queueSqliteWrites(sequelize: Sequelize, queue: Queue): void {
  const query = sequelize.query.bind(sequelize) as (
    sql: unknown,
    options?: { transaction?: unknown },
  ) => Promise<unknown>;
  (sequelize as unknown as { query: typeof query }).query = (sql, options) => {
    const text = typeof sql === 'string' ? sql : ((sql as { query?: string })?.query ?? '');
    if (!options?.transaction && WRITE_STATEMENT.test(text)) return queue.run(() => query(sql, options));
    return query(sql, options);
  };
}

/** Runs tasks one at a time: SQLite has a single writer, so this process's write transactions take turns. */
function createQueue(): { run<T>(task: () => Promise<T>): Promise<T> } {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task, task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

/**
 * Opens SQLite in the data directory (the embedded default) or PostgreSQL from DATABASE_URL, applies the
 * versioned migrations and defines the models.
 */
export async function openDatabase(options: {
  dataDir: string;
  databaseUrl?: string;
  logger?: Logger;
}): Promise<Database> {
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
    restrictSqliteFiles(storage);
    sequelize = new Sequelize({
      dialect: 'sqlite',
      storage,
      logging: false,
      // One connection: SQLite has one writer anyway; queueing in the pool avoids "database is locked".
      pool: { max: 1, min: 0, idle: 60_000 },
      transactionType: Transaction.TYPES.IMMEDIATE,
      // only a busy database is worth another try: without `match` every error is retried, and a COMMIT that failed
      // on a full disk comes back as "cannot commit - no transaction is active", hiding what happened
      retry: { max: 5, match: [/SQLITE_BUSY/] },
    });
    configureEverySqliteConnection(sequelize);
  } else {
    throw new SeglError({ code: 'invalid_config', message: 'DATABASE_URL must be postgres://... or sqlite:PATH' });
  }
  await connectOrUnavailable({ action: 'open the database', connect: () => sequelize.authenticate() });
  if (dialect === 'sqlite') await sequelize.query('PRAGMA journal_mode = WAL');
  await runMigrations({ sequelize, logger: options.logger });
  const models = defineModels(sequelize);
  const writeQueue = createQueue();
  if (dialect === 'sqlite') queueSqliteWrites(sequelize, writeQueue);
  const scrubber =
    dialect === 'sqlite'
      ? createJournalScrubber({
          sequelize,
          run: (work) => writeQueue.run(work),
          busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
          logger: options.logger,
        })
      : undefined;
  return {
    sequelize,
    models,
    dialect,
    selectRows: createSelectRows(sequelize, dialect),
    transaction:
      dialect === 'sqlite'
        ? (work) => writeQueue.run(() => sequelize.transaction((transaction) => work(transaction)))
        : (work) => sequelize.transaction((transaction) => work(transaction)),
    // in the write queue: no write transaction of this process is open while the log is copied and truncated
    scrubJournal: scrubber ? () => scrubber.scrub() : async () => true,
    scrubJournalOwed: () => scrubber?.owed() ?? false,
    close: async () => {
      scrubber?.close();
      await sequelize.close();
    },
  };
}
