import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { enqueueJob } from '../jobs/job-queue.js';
import type { AuditEventView } from './audit-event-view.js';

/**
 * Queues an RFC 3161 token over an event's hash (the `timestamp-event` job, retried while no TSA answers), in the
 * transaction that records the event. For statements that must outlive everything else: a deletion event is all
 * that is left of an erased document's trail, and its token proves what the tombstone says and when.
 */
export async function queueEventTimestamp(options: {
  db: Database;
  transaction: Transaction;
  event: AuditEventView;
  now: Date;
}): Promise<void> {
  const { event } = options;
  // the event id only: the job is about no document's content, and outlives an erasure of the document harmlessly
  await enqueueJob({
    db: options.db,
    transaction: options.transaction,
    kind: 'timestamp-event',
    payload: { eventId: event.id },
    dedupeKey: `tsa:${event.id}`,
    runAt: options.now,
  });
}
