import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';

/** A staff action on a document (`document.created`, `document.moved`, `document.deleted`) in staff_events. */
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
  await options.db.models.StaffEvent.create(
    {
      id: randomUUID(),
      at: options.at,
      actorId: options.actorId,
      action: options.action,
      targetType: 'document',
      targetId: options.documentId,
      ip: options.ip ? options.ip.slice(0, 64) : null,
      data: options.data ? JSON.stringify(options.data) : null,
    },
    { transaction: options.transaction },
  );
}
