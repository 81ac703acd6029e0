import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from '../lib/logger.js';

const ATTEMPTS = 5;
const ATTEMPT_GAP_MS = 50;
/** How long one checkpoint may wait for readers: while it waits it holds the write lock, and every writer with it. */
const ATTEMPT_BUSY_MS = 200;
const BACKGROUND_RETRY_MS = 5_000;

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
 * is retried every few seconds until it does. `run` puts each try in the process's write queue.
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
  const attempt = () => options.run(() => checkpoint(options.sequelize, options.busyTimeoutMs));
  const retryLater = () => {
    if (retry || closed) return;
    retry = setTimeout(async () => {
      retry = undefined;
      const done = await attempt().catch(() => false);
      if (done) {
        owed = false;
        options.logger?.info('the write-ahead log owed a truncation after an erasure; it is done now');
      } else retryLater();
    }, BACKGROUND_RETRY_MS);
    retry.unref();
  };
  return {
    async scrub() {
      const done = await attempt();
      if (done) {
        owed = false;
        return true;
      }
      if (!owed)
        options.logger?.warn('readers kept the write-ahead log from being truncated after an erasure; retrying');
      owed = true;
      retryLater();
      return false;
    },
    owed: () => owed,
    close() {
      closed = true;
      clearTimeout(retry);
    },
  };
}

async function checkpoint(sequelize: Sequelize, busyTimeoutMs: number): Promise<boolean> {
  await sequelize.query(`PRAGMA busy_timeout = ${ATTEMPT_BUSY_MS}`);
  try {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const [row] = await sequelize.query<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)', {
        type: QueryTypes.SELECT,
      });
      if (row && Number(row.busy) === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, ATTEMPT_GAP_MS));
    }
    return false;
  } finally {
    await sequelize.query(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  }
}
