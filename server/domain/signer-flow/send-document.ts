import { SeglError } from '../../lib/errors.js';
import type { FolderAccess } from '../access/folder-access.js';
import { staffActor } from '../audit/audit-actor.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { lockVisibleDocument } from '../documents/find-visible-document.js';
import { inviteSigners } from './invite-signers.js';
import { signersWhoseTurnItIs } from './signing-turn.js';
import { type SignerFlow, signingUrlOf } from './signer-flow.js';
import { createSigningLink } from './signing-links.js';
import type { RequestOrigin } from '../request-origin.js';

const DAY_MS = 24 * 3600 * 1000;
export const DEFAULT_EXPIRY_DAYS = 30;
export const MAX_EXPIRY_DAYS = 365;

export interface SentDocument {
  id: string;
  status: 'pending';
  order: 'parallel' | 'sequential';
  expiresAt: string;
  signers: { id: string; name: string; email: string; position: number; signingUrl: string; invited: boolean }[];
}

/**
 * Sends a draft: it becomes pending, every signer gets a personal link (returned here for integrators who deliver
 * links themselves), and those whose turn it is get the invitation e-mail now; in sequential order the next ones
 * are invited as the earlier ones sign.
 */
export async function sendDocument(
  options: RequestOrigin & {
    flow: SignerFlow;
    access: FolderAccess;
    documentId: string;
    order?: 'parallel' | 'sequential';
    expiresAt?: Date;
  },
): Promise<SentDocument> {
  const { flow, access } = options;
  const { db, clock } = flow.archive;
  const now = clock.now();
  const order = options.order ?? 'parallel';
  const expiresAt = options.expiresAt ?? new Date(now.getTime() + DEFAULT_EXPIRY_DAYS * DAY_MS);
  if (expiresAt.getTime() <= now.getTime() + 60_000 || expiresAt.getTime() > now.getTime() + MAX_EXPIRY_DAYS * DAY_MS) {
    throw new SeglError({
      code: 'invalid_expiry',
      message: `expiresAt must lie between one minute and ${MAX_EXPIRY_DAYS} days ahead`,
    });
  }
  const result = await db.transaction(async (transaction) => {
    const document = await lockVisibleDocument({ db, access, documentId: options.documentId }, 'editor', transaction);
    if (document.status !== 'draft') {
      throw new SeglError({ code: 'document_not_draft', message: `the document is ${document.status}, not a draft` });
    }
    const signers = await db.models.Signer.findAll({
      where: { documentId: document.id },
      order: [
        ['position', 'ASC'],
        ['createdAt', 'ASC'],
      ],
      transaction,
      raw: true,
    });
    if (!signers.length) throw new SeglError({ code: 'no_signers', message: 'add at least one signer before sending' });
    await db.models.Document.update(
      { status: 'pending', signingOrder: order, sentAt: now, expiresAt, updatedAt: now },
      { where: { id: document.id }, transaction },
    );
    const sent = {
      ...document.get({ plain: true }),
      status: 'pending' as const,
      signingOrder: order,
      sentAt: now,
      expiresAt,
    };
    const actor = staffActor(access.principal);
    await appendAuditEvent({
      db,
      transaction,
      documentId: document.id,
      type: 'document.sent',
      at: now,
      actor,
      ip: options.ip,
      userAgent: options.userAgent,
      data: { order, expiresAt: expiresAt.toISOString(), signerCount: signers.length },
    });
    const first = signersWhoseTurnItIs({ order, signers });
    const urls = await inviteSigners({
      flow,
      transaction,
      document: sent,
      signers: first,
      senderName: access.principal.name,
      kind: 'invitation',
      actor,
      ip: options.ip,
      userAgent: options.userAgent,
      now,
    });
    for (const signer of signers) {
      if (!urls.has(signer.id))
        urls.set(
          signer.id,
          signingUrlOf(
            flow.config.publicUrl,
            await createSigningLink({ db, transaction, signerId: signer.id, expiresAt, now }),
          ),
        );
    }
    return {
      id: document.id,
      status: 'pending' as const,
      order,
      expiresAt: expiresAt.toISOString(),
      signers: signers.map((s) => ({
        id: s.id,
        name: s.name,
        email: s.email,
        position: s.position,
        signingUrl: urls.get(s.id)!,
        invited: first.includes(s),
      })),
    };
  });
  flow.jobs.kick();
  return result;
}
