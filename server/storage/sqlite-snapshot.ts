import sqlite3 from 'sqlite3';
import { SeglError } from '../lib/errors.js';
import { connectOrUnavailable } from './database-unavailable.js';

interface SqliteBackup {
  step(pages: number, callback: (error: Error | null) => void): void;
  finish(callback?: (error: Error | null) => void): void;
  readonly completed: boolean;
  readonly failed: boolean;
}

type DatabaseWithBackup = sqlite3.Database & {
  backup(filename: string, callback: (error: Error | null) => void): SqliteBackup;
};

const openDatabase = (path: string, mode: number) =>
  new Promise<sqlite3.Database>((resolve, reject) => {
    const db: sqlite3.Database = new sqlite3.Database(path, mode, (error) => (error ? reject(error) : resolve(db)));
  });

const closeDatabase = (db: sqlite3.Database) => new Promise<void>((resolve) => db.close(() => resolve()));

/**
 * Copies a live SQLite database to `target` with SQLite's online backup API: one step over all pages under a read
 * transaction, so the copy is one consistent moment even while the appliance writes (WAL keeps writers going).
 */
export async function snapshotSqliteDatabase(options: { source: string; target: string }): Promise<void> {
  const source = await connectOrUnavailable({
    action: `open ${options.source}`,
    connect: () => openDatabase(options.source, sqlite3.OPEN_READONLY),
  });
  try {
    source.configure('busyTimeout', 15_000);
    const backup = await new Promise<SqliteBackup>((resolve, reject) => {
      const started: SqliteBackup = (source as DatabaseWithBackup).backup(options.target, (error) =>
        error ? reject(error) : resolve(started),
      );
    });
    // step() retries BUSY/LOCKED by itself (it reports no error, only not completed); bounded so it cannot spin forever
    for (let attempt = 0; !backup.completed && !backup.failed && attempt < 600; attempt += 1) {
      await new Promise<void>((resolve, reject) => backup.step(-1, (error) => (error ? reject(error) : resolve())));
      if (!backup.completed) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const completed = backup.completed;
    await new Promise<void>((resolve) => backup.finish(() => resolve()));
    if (!completed)
      throw new SeglError({
        code: 'backup_failed',
        message: 'the SQLite online backup did not complete (the database stayed locked)',
        status: 503,
      });
  } finally {
    await closeDatabase(source);
  }
}

/** Rows of a query against a SQLite file (the snapshot), opened read-only for just this. */
export async function querySqliteFile<T>(options: { path: string; sql: string }): Promise<T[]> {
  const db = await openDatabase(options.path, sqlite3.OPEN_READONLY);
  try {
    return await new Promise<T[]>((resolve, reject) =>
      db.all(options.sql, (error, rows) => (error ? reject(error) : resolve(rows as T[]))),
    );
  } finally {
    await closeDatabase(db);
  }
}
