import { createHash } from 'node:crypto';
import { readApplianceRootPem } from '../../crypto/appliance-root.js';
import type { Database } from '../../storage/database.js';
import { readAuditTrail } from '../audit/get-audit-trail.js';
import type { DocumentArchive } from '../documents/document-archive.js';
import { readDocumentBlob } from '../documents/read-document-blob.js';
import { verifyDocument } from '../verify-document.js';

export interface RestoreProblem {
  documentId: string;
  code: 'key_missing' | 'decrypt_failed' | 'hash_mismatch' | 'seal_invalid' | 'audit_chain_broken';
  message: string;
}

export interface RestoreCheck {
  documents: number;
  blobsDecrypted: number;
  sealedVerified: number;
  /** Sealed PDFs whose chains reach no trusted root (an external TSA's root, say): intact, but not `passed`. */
  indeterminate: number;
  problems: RestoreProblem[];
}

/**
 * After a restore: every document that still has its key decrypts to the exact bytes its SHA-256 names, every
 * sealed PDF verifies against the restored root, every audit chain is intact. Deleted (crypto-shredded)
 * documents have nothing left to decrypt and are skipped.
 */
export async function checkRestoredData(options: {
  db: Database;
  archive: DocumentArchive;
  dataDir: string;
  onProgress?(done: number, total: number): void;
}): Promise<RestoreCheck> {
  const { db, archive } = options;
  const rootPem = readApplianceRootPem(options.dataDir) ?? '';
  const documents = await db.models.Document.findAll({
    where: { deletedAt: null },
    attributes: ['id', 'status'],
    order: [['createdAt', 'ASC']],
    raw: true,
  });
  const check: RestoreCheck = {
    documents: documents.length,
    blobsDecrypted: 0,
    sealedVerified: 0,
    indeterminate: 0,
    problems: [],
  };
  for (const [index, document] of documents.entries()) {
    const problem = (code: RestoreProblem['code'], message: string) =>
      check.problems.push({ documentId: document.id, code, message });
    const blobs = await db.models.DocumentBlob.findAll({ where: { documentId: document.id }, raw: true });
    for (const blob of blobs) {
      let bytes: Buffer;
      try {
        const stream = await readDocumentBlob({ archive, documentId: document.id, blobName: blob.blobName });
        if (!stream) {
          problem('key_missing', `the ${blob.kind} PDF has no document key`);
          continue;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        bytes = Buffer.concat(chunks);
      } catch (error) {
        problem('decrypt_failed', `the ${blob.kind} PDF does not decrypt: ${(error as Error).message}`);
        continue;
      }
      if (createHash('sha256').update(bytes).digest('hex') !== blob.sha256) {
        problem('hash_mismatch', `the ${blob.kind} PDF is not the one its SHA-256 names`);
        continue;
      }
      check.blobsDecrypted += 1;
      if (blob.kind !== 'final') continue;
      const report = verifyDocument({ bytes, trustAnchorsPem: rootPem });
      if (report.status === 'failed')
        problem('seal_invalid', `the sealed PDF does not verify: ${report.problems.map((p) => p.code).join(', ')}`);
      else {
        check.sealedVerified += 1;
        if (report.status === 'indeterminate') check.indeterminate += 1;
      }
    }
    const trail = await readAuditTrail({ db, documentId: document.id });
    if (!trail.chain.intact) problem('audit_chain_broken', trail.chain.problems.map((p) => p.message).join('; '));
    options.onProgress?.(index + 1, documents.length);
  }
  return check;
}
