import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { AuditEventView } from '../audit/audit-event-view.js';
import { enqueueJob } from '../jobs/job-queue.js';
import { webhookPayloadOf } from './webhook-payload.js';

/** A webhook wants an event when it lists the type (or `*`) and covers the document's folder (or every folder). */
function wants(
  webhook: { events: string; folderId: string | null },
  event: AuditEventView,
  folderChain: string[],
): boolean {
  const types = JSON.parse(webhook.events) as string[];
  if (!types.includes('*') && !types.includes(event.type)) return false;
  return webhook.folderId === null || folderChain.includes(webhook.folderId);
}

async function folderChainOf(db: Database, folderId: string | null, transaction: Transaction): Promise<string[]> {
  const chain: string[] = [];
  for (let at = folderId; at && !chain.includes(at); ) {
    chain.push(at);
    const folder = await db.models.Folder.findByPk(at, { attributes: ['parentId'], transaction, raw: true });
    at = folder?.parentId ?? null;
  }
  return chain;
}

/**
 * A webhook speaks for whoever created it: it delivers only while that user exists, is not disabled, and (for a
 * member) still manages the webhook's folder. Revoking a grant or disabling a user silences their webhooks.
 */
async function creatorMayStillSee(
  db: Database,
  webhook: { createdBy: string | null; folderId: string | null },
  transaction: Transaction,
): Promise<boolean> {
  if (!webhook.createdBy) return false;
  const user = await db.models.User.findByPk(webhook.createdBy, {
    attributes: ['id', 'email', 'name', 'role', 'disabledAt'],
    transaction,
    raw: true,
  });
  if (!user || user.disabledAt) return false;
  if (user.role === 'admin') return true;
  if (!webhook.folderId) return false;
  // manager is the highest grant: a manager grant to the user or one of their groups on the folder or above it
  // (a few indexed lookups, not the whole tree, since this runs inside every event's transaction)
  const chain = await folderChainOf(db, webhook.folderId, transaction);
  const groupIds = (
    await db.models.GroupMember.findAll({ where: { userId: user.id }, attributes: ['groupId'], transaction, raw: true })
  ).map((m) => m.groupId);
  const grant = await db.models.Grant.findOne({
    where: {
      folderId: { [Op.in]: chain },
      role: 'manager',
      [Op.or]: [{ userId: user.id }, ...(groupIds.length ? [{ groupId: { [Op.in]: groupIds } }] : [])],
    },
    attributes: ['id'],
    transaction,
    raw: true,
  });
  return grant !== null;
}

/**
 * For each active webhook that wants this event: a pending delivery row and a job to deliver it, in the same
 * transaction as the event itself.
 */
export async function queueWebhookDeliveries(options: {
  db: Database;
  transaction: Transaction;
  folderId: string | null;
  event: AuditEventView;
}): Promise<number> {
  const { db, transaction, event } = options;
  const webhooks = await db.models.Webhook.findAll({
    where: { disabledAt: null },
    attributes: ['id', 'events', 'folderId', 'createdBy'],
    transaction,
    raw: true,
  });
  if (!webhooks.length) return 0;
  const chain = await folderChainOf(db, options.folderId, transaction);
  const now = new Date(event.at);
  let queued = 0;
  for (const webhook of webhooks) {
    if (!wants(webhook, event, chain)) continue;
    if (!(await creatorMayStillSee(db, webhook, transaction))) continue;
    const id = randomUUID();
    await db.models.WebhookDelivery.create(
      {
        id,
        webhookId: webhook.id,
        eventId: event.id,
        eventType: event.type,
        documentId: event.documentId,
        payload: JSON.stringify(webhookPayloadOf(event)),
        status: 'pending',
        attempts: 0,
        responseStatus: null,
        lastError: null,
        nextAttemptAt: now,
        deliveredAt: null,
        createdAt: now,
        updatedAt: now,
      },
      { transaction },
    );
    await enqueueJob({
      db,
      transaction,
      kind: 'deliver-webhook',
      payload: { deliveryId: id },
      dedupeKey: `webhook:${id}`,
      runAt: now,
    });
    queued += 1;
  }
  return queued;
}
