import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import type { FolderAccess } from '../access/folder-access.js';
import { lockVisibleDocument } from '../documents/find-visible-document.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { staffActor } from '../audit/audit-actor.js';
import type { RequestOrigin } from '../request-origin.js';

/**
 * Places (`hold: true`, with a reason) or releases a legal hold. A held document is never deleted: retention passes it
 * by and DELETE answers 409 `legal_hold`. Needs the manager role; both are audit events. Placing a hold that is already
 * there updates its reason; releasing one that is not there changes nothing.
 */
export async function setLegalHold(
  options: RequestOrigin & {
    db: Database;
    clock: Clock;
    access: FolderAccess;
    documentId: string;
    hold: boolean;
    reason?: string;
  },
): Promise<void> {
  const { db, clock, access } = options;
  await db.transaction(async (transaction) => {
    const document = await lockVisibleDocument({ db, access, documentId: options.documentId }, 'manager', transaction);
    if (document.status === 'deleted') {
      throw new SeglError({
        code: 'document_deleted',
        message: 'the document is deleted; there is nothing left to hold',
      });
    }
    const reason = options.reason?.trim() || null;
    if (
      options.hold === Boolean(document.legalHold) &&
      (!options.hold || reason === (document.legalHoldReason ?? null))
    )
      return;
    const now = clock.now();
    await document.update(
      { legalHold: options.hold, legalHoldReason: options.hold ? reason : null, updatedAt: now },
      { transaction },
    );
    await appendAuditEvent({
      db,
      transaction,
      documentId: document.id,
      type: options.hold ? 'document.held' : 'document.released',
      at: now,
      actor: staffActor(access.principal),
      ip: options.ip,
      userAgent: options.userAgent,
      data: { reason },
    });
  });
}
