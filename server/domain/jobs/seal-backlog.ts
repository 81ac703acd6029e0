import { Op, fn, col } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { WAITING_FOR_TIMESTAMP_AUTHORITY } from './job-queue.js';

export interface SealBacklog {
  /** Documents whose seal or signing timestamp waits for a TSA to answer. */
  documents: number;
  /** When the longest of those waits began; null when nothing waits. */
  since: Date | null;
}

/**
 * What waits for a timestamp authority (for readiness, the staff app's banner and metrics): work that failed
 * because no TSA answered and has not run through since. One indexed query.
 */
export async function describeSealBacklog(options: { db: Database }): Promise<SealBacklog> {
  const [row] = await options.db.models.Job.findAll({
    attributes: [
      [fn('COUNT', fn('DISTINCT', col('document_id'))), 'documents'],
      [fn('MIN', col('waiting_since')), 'since'],
    ],
    where: { waitingFor: WAITING_FOR_TIMESTAMP_AUTHORITY, status: { [Op.in]: ['queued', 'running'] } },
    raw: true,
  });
  const raw = row as unknown as { documents?: number | string | null; since?: Date | string | null } | undefined;
  const since = raw?.since ? new Date(raw.since) : null;
  return { documents: Number(raw?.documents ?? 0), since };
}
