import { Op, fn, col } from 'sequelize';
import { readCertificate } from '../../crypto/certificate-info.js';
import type { Config } from '../../lib/config.js';
import type { Database } from '../../storage/database.js';
import type { Sealer } from '../sealer.js';
import { lastBackup } from '../backup/backup-record.js';
import { describeDiskSpace } from '../health/disk-space.js';
import { WAITING_FOR_TIMESTAMP_AUTHORITY } from '../jobs/job-queue.js';

/** What an operator must watch that lives in the database and on disk, read on demand (a scrape, `segl doctor`). */
export interface ApplianceState {
  documentsByStatus: Record<string, number>;
  jobs: { kind: string; status: string; count: number }[];
  /** Per kind, how long the oldest due job has waited (seconds); only kinds with due jobs. */
  oldestDueJobAgeSeconds: Record<string, number>;
  /** Jobs whose worker's lease ran out (it died mid-job); picked up again, but a lasting count means trouble. */
  expiredLeases: number;
  /** Jobs waiting for a timestamp authority (the job queue's `waitingFor`, as the health check reads it), by kind. */
  waitingForTsa: Record<string, number>;
  lastBackupAt: Date | null;
  certificates: { role: 'root' | 'seal' | 'tsa'; notAfter: Date }[];
  disk: { freeBytes: number; totalBytes: number } | null;
}

export async function collectApplianceState(options: {
  db: Database;
  sealer: Pick<Sealer, 'pki'>;
  config: Config;
  now: Date;
}): Promise<ApplianceState> {
  const { db, now } = options;
  const { Document, Job } = db.models;
  const [statusRows, jobRows, oldestRows, expiredLeases, tsaRows, backup, disk] = await Promise.all([
    Document.count({ group: ['status'] }) as unknown as Promise<{ status: string; count: number }[]>,
    Job.count({ group: ['kind', 'status'] }) as unknown as Promise<{ kind: string; status: string; count: number }[]>,
    Job.findAll({
      attributes: ['kind', [fn('MIN', col('run_at')), 'oldest']],
      where: { status: 'queued', runAt: { [Op.lte]: now } },
      group: ['kind'],
      raw: true,
    }) as unknown as Promise<{ kind: string; oldest: string | Date }[]>,
    Job.count({ where: { status: 'running', lockedUntil: { [Op.lt]: now } } }),
    Job.count({
      where: { status: { [Op.in]: ['queued', 'running'] }, waitingFor: WAITING_FOR_TIMESTAMP_AUTHORITY },
      group: ['kind'],
    }) as unknown as Promise<{ kind: string; count: number }[]>,
    lastBackup({ db }),
    diskSpace(options.config),
  ]);
  const { pki } = options.sealer;
  return {
    documentsByStatus: Object.fromEntries(statusRows.map((row) => [row.status, Number(row.count)])),
    jobs: jobRows.map((row) => ({ kind: row.kind, status: row.status, count: Number(row.count) })),
    oldestDueJobAgeSeconds: Object.fromEntries(
      oldestRows.map((row) => [row.kind, Math.max(0, (now.getTime() - new Date(row.oldest).getTime()) / 1000)]),
    ),
    expiredLeases,
    waitingForTsa: Object.fromEntries(tsaRows.map((row) => [row.kind, Number(row.count)])),
    lastBackupAt: backup ? new Date(backup.at) : null,
    certificates: [
      { role: 'root', notAfter: readCertificate(pki.root.certificate).notAfter },
      { role: 'seal', notAfter: readCertificate(pki.seal.certificate).notAfter },
      { role: 'tsa', notAfter: readCertificate(pki.tsa.certificate).notAfter },
    ],
    disk,
  };
}

async function diskSpace(config: Config): Promise<ApplianceState['disk']> {
  try {
    const { freeBytes, totalBytes } = await describeDiskSpace({
      dataDir: config.dataDir,
      minFreeBytes: config.minFreeBytes,
    });
    return { freeBytes, totalBytes };
  } catch {
    return null;
  }
}
