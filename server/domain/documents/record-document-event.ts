import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { fixedClock } from '../../lib/clock.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';

/**
 * A staff action on a document (`document.created`, `document.moved`, `document.deleted`) in staff_events, written
 * as every staff event is (`recordStaffEvent`: secret-looking `data` keys are dropped), at the caller's time.
 */
export async function recordDocumentEvent(options: {
  db: Database;
  at: Date;
  /** null: the appliance itself (retention). */
  actorId: string | null;
  action: 'document.created' | 'document.moved' | 'document.deleted';
  documentId: string;
  ip?: string | null;
  data?: Record<string, unknown>;
  transaction?: Transaction;
}): Promise<void> {
  const { at, documentId, ...event } = options;
  // the time of the change the caller made, not the time of writing the event
  await recordStaffEvent({ ...event, clock: fixedClock(at), targetType: 'document', targetId: documentId });
}
