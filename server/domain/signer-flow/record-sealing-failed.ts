import { SYSTEM_ACTOR } from '../audit/audit-actor.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { queueSenderNotice } from './notify-sender.js';
import { isSeglError } from '../../lib/errors.js';
import type { SignerFlow } from './signer-flow.js';

/**
 * The seal cannot be made from this document: say so in the audit trail (and so to webhooks) instead of retrying
 * forever. The document stays pending with every signature collected; the sender may cancel it.
 */
export async function recordSealingFailed(options: {
  flow: SignerFlow;
  documentId: string;
  error: unknown;
}): Promise<void> {
  const { db, clock, logger } = options.flow.archive;
  const code = isSeglError(options.error) ? options.error.code : 'server_error';
  logger?.error({ documentId: options.documentId, err: options.error }, 'sealing given up');
  await db.transaction(async (transaction) => {
    const now = clock.now();
    await appendAuditEvent({
      db,
      transaction,
      documentId: options.documentId,
      type: 'document.failed',
      at: now,
      actor: SYSTEM_ACTOR,
      data: { stage: 'sealing', reason: code },
    });
    await queueSenderNotice({ db, transaction, notice: { documentId: options.documentId, kind: 'failed' }, now });
  });
}
