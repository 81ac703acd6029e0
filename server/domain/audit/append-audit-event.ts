import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { SeglError } from '../../lib/errors.js';
import type { AuditActor } from './audit-actor.js';
import { GENESIS_HASH, hashAuditEvent } from './audit-chain.js';
import { toAuditEventView, type AuditEventView } from './audit-event-view.js';
import { queueWebhookDeliveries } from '../webhooks/queue-webhook-deliveries.js';
import type { RequestOrigin } from '../request-origin.js';

/** Audit event types: dotted names whose last part is the verb. */
export type AuditEventType =
  | 'document.created'
  | 'document.sent'
  | 'document.cancelled'
  | 'document.expired'
  | 'document.completed'
  | 'document.sealed'
  | 'document.failed'
  | 'document.downloaded'
  | 'document.deleted'
  | 'document.held'
  | 'document.released'
  | 'key.exported'
  | 'document.renewed'
  | 'signer.added'
  | 'signer.updated'
  | 'signer.removed'
  | 'signer.reordered'
  | 'signer.invited'
  | 'signer.delivered'
  | 'signer.reminded'
  | 'signer.opened'
  | 'signer.challenged'
  | 'signer.authenticated'
  | 'signer.signed'
  | 'signer.declined'
  | 'signer.refused';

/**
 * Appends one event to a document's hash chain inside the caller's transaction. The document row's counter is
 * bumped first: on PostgreSQL that row lock orders concurrent appends, on SQLite writes are serialized anyway.
 * Webhook deliveries for the event are queued in the same transaction (an outbox: nothing is lost on a crash).
 */
export async function appendAuditEvent(
  options: RequestOrigin & {
    db: Database;
    transaction: Transaction;
    documentId: string;
    type: AuditEventType;
    at: Date;
    actor: AuditActor;
    data?: Record<string, unknown>;
  },
): Promise<AuditEventView> {
  const { db, transaction } = options;
  const { Document, AuditEvent } = db.models;
  const [, affected] = await Document.increment('auditSeq', { by: 1, where: { id: options.documentId }, transaction });
  void affected;
  const document = await Document.findByPk(options.documentId, {
    attributes: ['id', 'auditSeq', 'auditHead', 'folderId'],
    transaction,
    raw: true,
  });
  if (!document) throw new SeglError({ code: 'not_found', message: 'document not found' });
  const seq = document.auditSeq!;
  const fields = {
    documentId: options.documentId,
    seq,
    type: options.type,
    at: options.at.toISOString(),
    actor: options.actor,
    ip: options.ip ? options.ip.slice(0, 64) : null,
    userAgent: options.userAgent ? options.userAgent.slice(0, 400) : null,
    data: options.data ?? {},
    prevHash: document.auditHead ?? GENESIS_HASH,
  };
  const hash = hashAuditEvent(fields);
  const row = await AuditEvent.create(
    {
      id: randomUUID(),
      documentId: fields.documentId,
      seq,
      type: fields.type,
      at: fields.at,
      actor: JSON.stringify(fields.actor),
      ip: fields.ip,
      userAgent: fields.userAgent,
      data: JSON.stringify(fields.data),
      prevHash: fields.prevHash,
      hash,
      timestampToken: null,
    },
    { transaction },
  );
  await Document.update({ auditHead: hash }, { where: { id: options.documentId }, transaction });
  const view = toAuditEventView(row.get({ plain: true }));
  await queueWebhookDeliveries({ db, transaction, folderId: document.folderId, event: view });
  return view;
}
