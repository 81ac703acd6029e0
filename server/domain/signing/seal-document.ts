import { createHash, randomUUID } from 'node:crypto';
import { unwrapDocumentKey } from '../../crypto/envelope-key-wrap.js';
import { GrowableBuffer } from '../../pdf/growable-buffer.js';
import { stampDocument } from '../../pdf/stamp/stamp-document.js';
import { SYSTEM_ACTOR } from '../audit/audit-actor.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { readAuditTrail } from '../audit/get-audit-trail.js';
import { auditTrustOf } from '../audit/audit-trust.js';
import { formatDocumentCode } from '../documents/document-code.js';
import { composeSigningCompleteMessage } from '../mail/signing-complete-message.js';
import { SeglError } from '../../lib/errors.js';
import { auditTableRows, auditTrailJson, footerLines } from './final-pdf-content.js';
import { queueSignerMail } from './queue-signer-mail.js';
import { verifyUrlOf, type SigningServices } from './signing-services.js';
import { timestampAuditEvent } from './timestamp-audit-event.js';

const SLACK_BYTES = 1024 * 1024;

async function readAll(stream: NodeJS.ReadableStream): Promise<GrowableBuffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return GrowableBuffer.from(Buffer.concat(chunks), SLACK_BYTES);
}

/**
 * Completion: every signing event carries its TSA token, then the original gets the stamp on every page, the
 * audit pages and the attached audit trail (one incremental update), then the appliance's PAdES B-LTA seal. The
 * final file is stored encrypted and the document becomes `completed`. Safe to run again: a document already
 * sealed is left alone, and a crash before the commit leaves only an unlisted blob for the storage repair.
 */
export async function sealDocument(options: { services: SigningServices; documentId: string }): Promise<{ status: 'sealed' | 'already-sealed' | 'not-ready'; level?: string; finalSha256?: string }> {
  const { services, documentId } = options;
  const { db, clock, keyRing, blobs, logger } = services.archive;
  const document = await db.models.Document.findByPk(documentId, { raw: true });
  if (!document || document.status !== 'pending' || !document.completedAt) return { status: document?.sealedAt ? 'already-sealed' : 'not-ready' };

  const unstamped = await db.models.AuditEvent.findAll({ where: { documentId, type: 'signer.signed', timestampToken: null }, attributes: ['id'], raw: true });
  for (const event of unstamped) await timestampAuditEvent({ db, signing: services.signing, eventId: event.id });

  const [signers, trail, blob, keyRow] = await Promise.all([
    db.models.Signer.findAll({ where: { documentId }, order: [['position', 'ASC'], ['signedAt', 'ASC']], raw: true }),
    // the tokens too: a trail rewritten before sealing must not be sealed as if it were true
    readAuditTrail({ db, documentId, trust: auditTrustOf({ signing: services.signing }) }),
    db.models.DocumentBlob.findOne({ where: { documentId, kind: 'original' }, raw: true }),
    db.models.DocumentKey.findByPk(documentId, { raw: true }),
  ]);
  if (!blob || !keyRow) throw new SeglError({ code: 'document_unreadable', message: 'the original or its key is missing', status: 500 });
  if (!trail.chain.intact) throw new SeglError({ code: 'audit_chain_broken', message: `the audit trail does not verify: ${trail.chain.problems.map((p) => p.message).join('; ')}`, status: 500 });
  const sessionKey = unwrapDocumentKey({ kek: await keyRing.keyFor(keyRow.kekId), wrapped: keyRow.wrappedKey, documentId });
  try {
    const file = await readAll(await blobs.readDecrypted({ name: blob.blobName, sessionKey }));
    if (createHash('sha256').update(file.view()).digest('hex') !== document.sha256) throw new SeglError({ code: 'document_unreadable', message: 'the stored original does not match its hash', status: 500 });
    const code = formatDocumentCode(document.code);
    const verifyUrl = verifyUrlOf(services.config.publicUrl, code);
    const now = clock.now();
    await stampDocument({
      file,
      stamp: { code, verifyUrl, lines: footerLines(signers) },
      auditPages: { title: `Audit trail · ${document.title} · ${code}`, rows: auditTableRows(trail.events) },
      attachment: { name: 'audit-trail.json', bytes: auditTrailJson({ document, signers, events: trail.events, verifyUrl }), mimeType: 'application/json' },
      now,
    });
    const sealed = await services.signing.sealBytes({ input: file, level: 'B-LTA', reason: `Sealed by Segl after ${signers.length} signature(s)`, location: services.config.publicUrl });
    const finalSha256 = createHash('sha256').update(sealed.output).digest('hex');
    const { name: blobName } = await blobs.writeEncrypted({ plaintext: [sealed.output], sessionKey, plaintextSize: sealed.output.length });
    const committed = await db.transaction(async (transaction) => {
      const sealedAt = clock.now();
      const [count] = await db.models.Document.update(
        { status: 'completed', sealedAt, sealedLevel: sealed.level, finalSha256, endedAt: sealedAt, updatedAt: sealedAt },
        { where: { id: documentId, status: 'pending', sealedAt: null }, transaction },
      );
      if (count !== 1) return false;
      await db.models.DocumentBlob.create({ id: randomUUID(), documentId, kind: 'final', blobName, sha256: finalSha256, sizeBytes: sealed.output.length, createdAt: sealedAt }, { transaction });
      await appendAuditEvent({ db, transaction, documentId, type: 'document.sealed', at: sealedAt, actor: SYSTEM_ACTOR, data: { status: 'completed', level: sealed.level, finalSha256, sizeBytes: sealed.output.length } });
      const recipients = signers.filter((s) => s.status === 'signed').map((s) => ({ name: s.name, address: s.email, language: s.language, signerId: s.id as string | undefined }));
      for (const recipient of recipients) {
        const mail = composeSigningCompleteMessage({ language: recipient.language, recipientName: recipient.name, documentTitle: document.title, documentCode: code, verifyUrl });
        await queueSignerMail({ db, transaction, kek: keyRing, message: { to: { name: recipient.name, address: recipient.address }, subject: mail.subject, text: mail.text, html: mail.html, language: recipient.language }, documentId, signerId: recipient.signerId, purpose: 'completed', now: sealedAt });
      }
      return true;
    });
    if (!committed) {
      await blobs.remove({ name: blobName });
      return { status: 'already-sealed' };
    }
    logger?.info({ documentId, padesLevel: sealed.level, bytes: sealed.output.length }, 'document sealed');
    services.jobs.kick();
    return { status: 'sealed', level: sealed.level, finalSha256 };
  } finally {
    sessionKey.fill(0);
  }
}
