import { createHash, randomUUID } from 'node:crypto';
import { mailTo } from '../mail/mailer.js';
import { stampDocument } from '../../pdf/stamp/stamp-document.js';
import { PdfReader } from '../../pdf/pdf-reader.js';
import { hasSignatures } from '../../pdf/signature-fields.js';
import { SYSTEM_ACTOR } from '../audit/audit-actor.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { readAuditTrail } from '../audit/get-audit-trail.js';
import { auditTrustOf } from '../audit/audit-trust.js';
import { formatDocumentCode } from '../documents/document-code.js';
import { readVerifiedVersion } from '../documents/read-verified-version.js';
import { composeSigningCompleteMessage } from '../mail/signing-complete-message.js';
import { SeglError } from '../../lib/errors.js';
import { auditTable, auditTrailJson, stampWords } from './final-pdf-content.js';
import { queueSignerMail } from './queue-signer-mail.js';
import { signingUrlOf, verifyUrlOf, type SignerFlow } from './signer-flow.js';
import { createSigningLink } from './signing-links.js';
import { DOWNLOAD_WINDOW_MS } from './resolve-signing-link.js';
import type { Transaction } from 'sequelize';
import type { DocumentAttributes } from '../../storage/models/document.js';
import type { SignerAttributes } from '../../storage/models/signer.js';
import { timestampAuditEvent } from './timestamp-audit-event.js';

const SLACK_BYTES = 1024 * 1024;

/**
 * The completion e-mail to every signer (a fresh personal link to their page, where they sign in again to download
 * the signed copy) and to the sender (the document in the staff app), with the signed PDF attached when it is at most
 * SEGL_MAIL_ATTACHMENT_MAX_BYTES; the attachment is read when the mail is sent, never kept in the queue.
 */
async function queueCompletionMails(options: {
  flow: SignerFlow;
  transaction: Transaction;
  document: DocumentAttributes;
  signers: SignerAttributes[];
  code: string;
  verifyUrl: string;
  sealedAt: Date;
}): Promise<void> {
  const { flow, transaction, document, code, verifyUrl, sealedAt } = options;
  const { db, keyRing } = flow.archive;
  const maxBytes = flow.config.mailAttachmentMaxBytes ?? 10 * 1024 * 1024;
  const fileName = `${
    document.title
      .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
      .trim()
      .slice(0, 120) || code
  } (signed).pdf`;
  const attachFinalPdf = maxBytes > 0 ? { fileName, maxBytes } : undefined;
  const finalSize = (
    await db.models.DocumentBlob.findOne({
      where: { documentId: document.id, kind: 'final' },
      attributes: ['sizeBytes'],
      transaction,
      raw: true,
    })
  )?.sizeBytes;
  const attached = Boolean(attachFinalPdf && finalSize !== undefined && Number(finalSize) <= maxBytes);
  const queue = async (
    to: { name: string; email: string; language: 'nb' | 'en' },
    downloadUrl: string,
    audience: 'signer' | 'sender',
    signerId?: string,
  ) => {
    const mail = composeSigningCompleteMessage({
      language: to.language,
      recipientName: to.name,
      documentTitle: document.title,
      documentCode: code,
      verifyUrl,
      downloadUrl,
      audience,
      attached,
    });
    const message = mailTo({ person: to, mail, language: to.language });
    await queueSignerMail({
      db,
      transaction,
      kek: keyRing,
      message,
      documentId: document.id,
      signerId,
      purpose: 'completed',
      attachFinalPdf: attached ? attachFinalPdf : undefined,
      now: sealedAt,
    });
  };
  for (const signer of options.signers.filter((s) => s.status === 'signed')) {
    const token = await createSigningLink({
      db,
      transaction,
      signerId: signer.id,
      expiresAt: new Date(sealedAt.getTime() + DOWNLOAD_WINDOW_MS),
      now: sealedAt,
    });
    await queue(
      { name: signer.name, email: signer.email, language: signer.language === 'en' ? 'en' : 'nb' },
      signingUrlOf(flow.config.publicUrl, token),
      'signer',
      signer.id,
    );
  }
  const sender = document.createdBy
    ? await db.models.User.findByPk(document.createdBy, {
        attributes: ['name', 'email', 'disabledAt'],
        transaction,
        raw: true,
      })
    : null;
  if (sender && !sender.disabledAt) {
    await queue(
      { name: sender.name, email: sender.email, language: document.language === 'en' ? 'en' : 'nb' },
      `${flow.config.publicUrl}/app/documents/${encodeURIComponent(document.id)}`,
      'sender',
    );
  }
}

/**
 * Completion: every signing event carries its TSA token, then the original gets the stamp on every page, the
 * audit pages and the attached audit trail (one incremental update), then the appliance's PAdES B-LTA seal. The
 * final file is stored encrypted and the document becomes `completed`. Safe to run again: a document already
 * sealed is left alone, and a crash before the commit leaves only an unlisted blob for the storage repair.
 */
export async function sealDocument(options: {
  flow: SignerFlow;
  documentId: string;
}): Promise<{ status: 'sealed' | 'already-sealed' | 'not-ready'; level?: string; finalSha256?: string }> {
  const { flow, documentId } = options;
  const { db, clock, blobs, logger } = flow.archive;
  const document = await db.models.Document.findByPk(documentId, { raw: true });
  if (document?.status !== 'pending' || !document.completedAt)
    return { status: document?.sealedAt ? 'already-sealed' : 'not-ready' };

  const unstamped = await db.models.AuditEvent.findAll({
    where: { documentId, type: 'signer.signed', timestampToken: null },
    attributes: ['id'],
    raw: true,
  });
  for (const event of unstamped) await timestampAuditEvent({ db, sealer: flow.sealer, eventId: event.id });

  const [signers, trail, blob, keyRow] = await Promise.all([
    db.models.Signer.findAll({
      where: { documentId },
      order: [
        ['position', 'ASC'],
        ['signedAt', 'ASC'],
      ],
      raw: true,
    }),
    // the tokens too: a trail rewritten before sealing must not be sealed as if it were true
    readAuditTrail({ db, documentId, trust: auditTrustOf({ sealer: flow.sealer }) }),
    db.models.DocumentBlob.findOne({ where: { documentId, kind: 'original' }, raw: true }),
    db.models.DocumentKey.findByPk(documentId, { raw: true }),
  ]);
  if (!blob || !keyRow) {
    throw new SeglError({ code: 'document_unreadable', message: 'the original or its key is missing' });
  }
  if (!trail.chain.intact) {
    throw new SeglError({
      code: 'audit_chain_broken',
      message: `the audit trail does not verify: ${trail.chain.problems.map((p) => p.message).join('; ')}`,
    });
  }
  const { file, sessionKey } = await readVerifiedVersion({
    archive: flow.archive,
    documentId,
    keyRow,
    blobName: blob.blobName,
    sha256: document.sha256,
    slackBytes: SLACK_BYTES,
    what: 'original',
  });
  try {
    const code = formatDocumentCode(document.code);
    const verifyUrl = verifyUrlOf(flow.config.publicUrl, code);
    const now = clock.now();
    const locale = {
      language: document.language === 'en' ? ('en' as const) : ('nb' as const),
      timeZone: flow.config.timeZone ?? 'Europe/Oslo',
    };
    // A document that others signed before it came here keeps its pages untouched (a stamp would break their
    // signatures): the seal alone carries the code and where to verify it; the audit trail stays in the appliance.
    const pagesStamped = !hasSignatures(PdfReader.open(file.view()));
    if (pagesStamped) {
      await stampDocument({
        file,
        layout: flow.config.stampLayout ?? 'shrink',
        stamp: { code, verifyUrl, ...stampWords(signers, locale) },
        auditPages: auditTable({ title: document.title, code, events: trail.events, signers, locale }),
        attachment: {
          name: 'audit-trail.json',
          bytes: auditTrailJson({ document, signers, events: trail.events, verifyUrl }),
          mimeType: 'application/json',
        },
        now,
      });
    }
    const reason = pagesStamped
      ? `Sealed by Segl after ${signers.length} signature(s)`
      : `Sealed by Segl after ${signers.length} signature(s); document ${code}, verify at ${verifyUrl}`;
    const sealed = await flow.sealer.sealBytes({
      input: file,
      level: 'B-LTA',
      reason,
      location: flow.config.publicUrl,
    });
    const finalSha256 = createHash('sha256').update(sealed.output).digest('hex');
    const { name: blobName } = await blobs.writeEncrypted({
      plaintext: [sealed.output],
      sessionKey,
      plaintextSize: sealed.output.length,
    });
    const committed = await db.transaction(async (transaction) => {
      const sealedAt = clock.now();
      const [count] = await db.models.Document.update(
        {
          status: 'completed',
          sealedAt,
          sealedLevel: sealed.level,
          finalSha256,
          endedAt: sealedAt,
          updatedAt: sealedAt,
        },
        { where: { id: documentId, status: 'pending', sealedAt: null }, transaction },
      );
      if (count !== 1) return false;
      await db.models.DocumentBlob.create(
        {
          id: randomUUID(),
          documentId,
          kind: 'final',
          blobName,
          sha256: finalSha256,
          sizeBytes: sealed.output.length,
          createdAt: sealedAt,
        },
        { transaction },
      );
      await appendAuditEvent({
        db,
        transaction,
        documentId,
        type: 'document.sealed',
        at: sealedAt,
        actor: SYSTEM_ACTOR,
        data: { status: 'completed', level: sealed.level, finalSha256, sizeBytes: sealed.output.length, pagesStamped },
      });
      await queueCompletionMails({ flow, transaction, document, signers, code, verifyUrl, sealedAt });
      return true;
    });
    if (!committed) {
      await blobs.remove({ name: blobName });
      return { status: 'already-sealed' };
    }
    logger?.info({ documentId, padesLevel: sealed.level, bytes: sealed.output.length }, 'document sealed');
    flow.jobs.kick();
    return { status: 'sealed', level: sealed.level, finalSha256 };
  } finally {
    sessionKey.fill(0);
  }
}
