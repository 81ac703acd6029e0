import type { Database } from '../../storage/database.js';
import type { JobAttributes } from '../../storage/models/job.js';

export type JobOutcome = Pick<JobAttributes, 'kind' | 'status' | 'attempts' | 'lastError'>;

/** Every job in the queue with how it went (kind, status, attempts, last error), for a benchmark's report. */
export async function listJobOutcomes(options: { db: Database }): Promise<JobOutcome[]> {
  return options.db.models.Job.findAll({ attributes: ['kind', 'status', 'attempts', 'lastError'], raw: true });
}
