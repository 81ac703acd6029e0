import { formatDocumentCode } from '../documents/document-code.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { CONSENT_TEXT } from './consent-text.js';
import { resolveSigningLinkNow } from './resolve-signing-link.js';
import { findSignerSession } from './signer-sessions.js';
import { signersWhoseTurnItIs } from './signing-turn.js';
import type { SignerFlow } from './signer-flow.js';
import { expireIfDue } from './expire-documents.js';
import { signerActor } from '../audit/audit-actor.js';
import type { RequestOrigin } from '../request-origin.js';
import { isoTimeOrNull } from '../iso-time.js';

export interface SigningView {
  document: {
    title: string;
    code: string;
    pageCount: number;
    sha256: string;
    status: string;
    expiresAt: string | null;
    sender: { name: string };
  };
  signer: {
    id: string;
    name: string;
    status: string;
    signedAt: string | null;
    authenticated: boolean;
    yourTurn: boolean;
  };
  /** Everyone's progress, so the page can say "waiting for others" or "sealing". */
  progress: { signerCount: number; signedCount: number; allSigned: boolean };
  authentication:
    | { method: 'email-otp'; emailHint: string }
    | { method: 'oidc'; provider: string; label: string; startUrl: string };
  consent: { en: string; nb: string };
  signedPdfUrl: string | null;
}

/** `a…@example.com`: enough for the signer to recognise the address, not enough to harvest it. */
export function emailHint(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}…@${domain}`;
}

/** What the signer page shows; the first visit records `signer.opened`. */
export async function viewSigning(
  options: RequestOrigin & {
    flow: SignerFlow;
    token: string;
    sessionToken?: string;
  },
): Promise<SigningView> {
  const { flow, token } = options;
  const { db, now, signer, document: linked } = await resolveSigningLinkNow({ flow, token });
  const document = await expireIfDue({ db, document: linked, now });
  if (!signer.openedAt) {
    await db.transaction(async (transaction) => {
      const [count] = await db.models.Signer.update(
        { openedAt: now, updatedAt: now },
        { where: { id: signer.id, openedAt: null }, transaction },
      );
      if (count === 1)
        await appendAuditEvent({
          db,
          transaction,
          documentId: document.id,
          type: 'signer.opened',
          at: now,
          actor: signerActor(signer),
          ip: options.ip,
          userAgent: options.userAgent,
          data: { signerId: signer.id },
        });
    });
  }
  const [signers, sender, session] = await Promise.all([
    db.models.Signer.findAll({ where: { documentId: document.id }, raw: true }),
    document.createdBy ? db.models.User.findByPk(document.createdBy, { attributes: ['name'], raw: true }) : null,
    findSignerSession({ db, signerId: signer.id, token: options.sessionToken, now }),
  ]);
  const yourTurn =
    document.status === 'pending' &&
    signersWhoseTurnItIs({ order: document.signingOrder ?? 'parallel', signers }).some((s) => s.id === signer.id);
  const provider = signer.authMethod.startsWith('oidc:')
    ? flow.config.signerProviders[signer.authMethod.slice(5)]
    : undefined;
  return {
    document: {
      title: document.title,
      code: formatDocumentCode(document.code),
      pageCount: document.pageCount,
      sha256: document.sha256,
      status: document.status,
      expiresAt: isoTimeOrNull(document.expiresAt),
      sender: { name: sender?.name ?? 'Segl' },
    },
    signer: {
      id: signer.id,
      name: signer.name,
      status: signer.status,
      signedAt: isoTimeOrNull(signer.signedAt),
      authenticated: Boolean(session),
      yourTurn,
    },
    progress: {
      signerCount: signers.length,
      signedCount: signers.filter((s) => s.status === 'signed').length,
      allSigned: Boolean(document.completedAt),
    },
    authentication: provider
      ? {
          method: 'oidc',
          provider: provider.key,
          label: provider.name,
          startUrl: `/api/v1/signing/${token}/oidc/start`,
        }
      : { method: 'email-otp', emailHint: emailHint(signer.email) },
    consent: { en: CONSENT_TEXT.en, nb: CONSENT_TEXT.nb },
    signedPdfUrl:
      document.status === 'completed' && signer.status === 'signed' && session
        ? `/api/v1/signing/${token}/signed-pdf`
        : null,
  };
}
