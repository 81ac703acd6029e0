import type { Config } from '../../lib/config.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { openDatabase } from '../../storage/database.js';
import { createBackup, type BackupProgress, type BackupSummary } from './create-backup.js';

/** `segl backup`: opens the database beside a serving appliance (no blob repair, no jobs), backs up, closes. */
export async function runBackup(options: {
  config: Config;
  clock: Clock;
  logger: Logger;
  out: string;
  includeKek: boolean;
  onProgress?(progress: BackupProgress): void;
}): Promise<BackupSummary> {
  const db = await openDatabase({
    dataDir: options.config.dataDir,
    databaseUrl: options.config.databaseUrl,
    logger: options.logger,
  });
  try {
    return await createBackup({ ...options, db });
  } finally {
    await db.close();
  }
}
