import type { Database } from '../../storage/database.js';

const KEY = 'backup.last';

/** The last backup that finished, as every node sees it (metrics, doctor): kept in the settings table. */
export interface BackupRecord {
  at: string;
  bytes: number;
  documents: number;
  file: string;
}

export async function recordBackup(options: { db: Database; record: BackupRecord }): Promise<void> {
  await options.db.models.Setting.upsert({ key: KEY, value: JSON.stringify(options.record) });
}

export async function lastBackup(options: { db: Database }): Promise<BackupRecord | undefined> {
  const row = await options.db.models.Setting.findByPk(KEY, { raw: true });
  if (!row) return undefined;
  try {
    const record = JSON.parse(row.value) as BackupRecord;
    return typeof record.at === 'string' && !Number.isNaN(Date.parse(record.at)) ? record : undefined;
  } catch {
    return undefined;
  }
}
