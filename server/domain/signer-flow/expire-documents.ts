import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { DocumentAttributes } from '../../storage/models/document.js';
import { SYSTEM_ACTOR } from '../audit/audit-actor.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { queueSenderNotice } from './notify-sender.js';

/** Marks one pending document expired if its time is up and not every signer has signed yet. */
export async function expireIfDue(options: {
  db: Database;
  document: DocumentAttributes;
  now: Date;
}): Promise<DocumentAttributes> {
  const { db, document, now } = options;
  if (
    document.status !== 'pending' ||
    document.completedAt ||
    !document.expiresAt ||
    new Date(document.expiresAt).getTime() > now.getTime()
  )
    return document;
  const expired = await db.transaction(async (transaction) => {
    const [count] = await db.models.Document.update(
      { status: 'expired', endedAt: now, updatedAt: now },
      { where: { id: document.id, status: 'pending', completedAt: null }, transaction },
    );
    if (count === 1) {
      await appendAuditEvent({
        db,
        transaction,
        documentId: document.id,
        type: 'document.expired',
        at: now,
        actor: SYSTEM_ACTOR,
        data: { status: 'expired', expiresAt: new Date(document.expiresAt!).toISOString() },
      });
      await queueSenderNotice({ db, transaction, notice: { documentId: document.id, kind: 'expired' }, now });
    }
    return count === 1;
  });
  return expired
    ? { ...document, status: 'expired' }
    : ((await db.models.Document.findByPk(document.id, { raw: true })) ?? document);
}

/** The periodic sweep: pending documents past their expiry become expired (at most `limit` per run). */
export async function expireDocuments(options: { db: Database; now: Date; limit: number }): Promise<number> {
  const due = await options.db.models.Document.findAll({
    where: { status: 'pending', completedAt: null, expiresAt: { [Op.lte]: options.now } },
    limit: options.limit,
    raw: true,
  });
  let expired = 0;
  for (const document of due)
    if ((await expireIfDue({ db: options.db, document, now: options.now })).status === 'expired') expired += 1;
  return expired;
}
