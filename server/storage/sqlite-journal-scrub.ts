import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from '../lib/logger.js';

/** Checkpoints right after an erasure; in the background, one at a time. */
const ATTEMPTS = 5;
const ATTEMPT_GAP_MS = 50;
/** How long one checkpoint may wait for readers: while it waits it holds the write lock, and every writer with it. */
const ATTEMPT_BUSY_MS = 200;
const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 60_000;

export interface JournalScrubber {
  /** Truncates the write-ahead log now if readers allow it; else it is owed and retried in the background. */
  scrub(): Promise<boolean>;
  /** Whether a scrub is owed (readers kept the last one from finishing). */
  owed(): boolean;
  close(): void;
}

/**
 * The scrub after an erasure on SQLite: `wal_checkpoint(TRUNCATE)` copies the log into the database file (where
 * `secure_delete` has zeroed what was erased) and cuts it to zero bytes. A reader holding an old snapshot keeps it
 * from finishing; rather than stall every writer for long, each try waits briefly and a scrub that did not finish
 * is retried in the background (after 5 s, then ever less often, up to a minute apart) until it does. `run` puts
 * each try in the process's write queue.
 */
export function createJournalScrubber(options: {
  sequelize: Sequelize;
  run: <T>(work: () => Promise<T>) => Promise<T>;
  busyTimeoutMs: number;
  logger?: Logger;
}): JournalScrubber {
  let retry: NodeJS.Timeout | undefined;
  let owed = false;
  let closed = false;
  const attempt = (attempts: number) =>
    options.run(() => checkpoint({ sequelize: options.sequelize, busyTimeoutMs: options.busyTimeoutMs, attempts }));
  const retryLater = (delayMs: number) => {
    if (retry || closed) return;
    retry = setTimeout(async () => {
      retry = undefined;
      const done = await attempt(1).catch(() => false);
      if (done) {
        owed = false;
        options.logger?.info('the write-ahead log owed a truncation after an erasure; it is done now');
      } else retryLater(Math.min(delayMs * 2, LONGEST_RETRY_MS));
    }, delayMs);
    retry.unref();
  };
  return {
    async scrub() {
      const done = await attempt(ATTEMPTS);
      if (done) {
        owed = false;
        return true;
      }
      if (!owed)
        options.logger?.warn('readers kept the write-ahead log from being truncated after an erasure; retrying');
      owed = true;
      retryLater(FIRST_RETRY_MS);
      return false;
    },
    owed: () => owed,
    close() {
      closed = true;
      clearTimeout(retry);
    },
  };
}

async function checkpoint(options: {
  sequelize: Sequelize;
  busyTimeoutMs: number;
  attempts: number;
}): Promise<boolean> {
  const { sequelize } = options;
  await sequelize.query(`PRAGMA busy_timeout = ${ATTEMPT_BUSY_MS}`);
  try {
    for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
      const [row] = await sequelize.query<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)', {
        type: QueryTypes.SELECT,
      });
      if (row && Number(row.busy) === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, ATTEMPT_GAP_MS));
    }
    return false;
  } finally {
    await sequelize.query(`PRAGMA busy_timeout = ${options.busyTimeoutMs}`);
  }
}
