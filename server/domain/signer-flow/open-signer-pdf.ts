import { SeglError } from '../../lib/errors.js';
import type { Readable } from 'node:stream';
import { readDocumentBlob } from '../documents/read-document-blob.js';
import { recordDocumentDownload } from '../documents/record-document-download.js';
import { notAuthenticated } from './signing-errors.js';
import { resolveSigningLinkNow } from './resolve-signing-link.js';
import { findSignerSession } from './signer-sessions.js';
import type { SignerFlow } from './signer-flow.js';
import { signerActor } from '../audit/audit-actor.js';
import type { RequestOrigin } from '../request-origin.js';

export interface SignerPdf {
  title: string;
  sizeBytes: number;
  sha256: string;
  stream: Readable;
}

/**
 * For a signer who proved who they are in this session: `original` is the exact bytes being signed; `final` the
 * sealed document once it is completed (for a signer who signed; the download is recorded).
 */
export async function openSignerPdf(
  options: RequestOrigin & {
    flow: SignerFlow;
    token: string;
    sessionToken?: string;
    version: 'original' | 'final';
  },
): Promise<SignerPdf> {
  const { flow, version } = options;
  const { db, now, signer, document } = await resolveSigningLinkNow(options);
  // both need the signer's session: a forwarded invitation alone opens neither the document nor the signed copy
  if (!(await findSignerSession({ db, signerId: signer.id, token: options.sessionToken, now })))
    throw notAuthenticated();
  if (version === 'final' && (document.status !== 'completed' || signer.status !== 'signed')) {
    throw new SeglError({ code: 'document_not_completed', message: 'the signed document is not ready yet' });
  }
  const blob = await db.models.DocumentBlob.findOne({ where: { documentId: document.id, kind: version }, raw: true });
  const stream = blob
    ? await readDocumentBlob({ archive: flow.archive, documentId: document.id, blobName: blob.blobName })
    : null;
  if (!blob || !stream) {
    throw new SeglError({ code: 'document_not_completed', message: 'the document is not available' });
  }
  if (version === 'final') {
    await recordDocumentDownload({
      db,
      documentId: document.id,
      at: now,
      actor: signerActor(signer),
      ip: options.ip,
      userAgent: options.userAgent,
      data: { signerId: signer.id, version: 'final', sha256: blob.sha256 },
    });
  }
  return { title: document.title, sizeBytes: Number(blob.sizeBytes), sha256: blob.sha256, stream };
}
