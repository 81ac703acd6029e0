import type { Logger } from '../../lib/logger.js';
import { openDatabase } from '../../storage/database.js';
import { createBackup, type BackupOptions, type BackupSummary } from './create-backup.js';

/** `segl backup`: opens the database beside a serving appliance (no blob repair, no jobs), backs up, closes. */
export async function runBackup(options: Omit<BackupOptions, 'db'> & { logger: Logger }): Promise<BackupSummary> {
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
