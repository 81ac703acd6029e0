import type { Logger } from '../../lib/logger.js';
import { withConfiguredDatabase } from '../with-configured-database.js';
import { createBackup, type BackupOptions, type BackupSummary } from './create-backup.js';

/** `segl backup`: opens the database beside a serving appliance (no blob repair, no jobs), backs up, closes. */
export async function runBackup(options: Omit<BackupOptions, 'db'> & { logger: Logger }): Promise<BackupSummary> {
  return withConfiguredDatabase(options, (db) => createBackup({ ...options, db }));
}
