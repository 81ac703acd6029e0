import { createHash, randomUUID } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import { searchTextOf } from './search-text.js';
import { wrapDocumentKey } from '../../crypto/envelope-key-wrap.js';
import { createDocumentSessionKey } from '../../crypto/envelope-document.js';
import { SeglError } from '../../lib/errors.js';
import type { FolderAccess } from '../access/folder-access.js';
import type { DocumentArchive } from './document-archive.js';
import { createDocumentCode, formatDocumentCode } from './document-code.js';
import { inspectPdf } from './inspect-pdf.js';
import { findIdempotentResponse, hashRequest, storeIdempotentResponse, type StoredResponse } from './idempotency.js';
import { recordDocumentEvent } from './record-document-event.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { staffActor } from '../audit/audit-actor.js';
import type { RequestOrigin } from '../request-origin.js';

const WRITE_CHUNK_BYTES = 1024 * 1024;
const CODE_ATTEMPTS = 3;

export interface CreatedDocument {
  id: string;
  code: string;
  status: 'draft';
}

function* chunksOf(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += WRITE_CHUNK_BYTES)
    yield bytes.subarray(at, Math.min(bytes.byteLength, at + WRITE_CHUNK_BYTES));
}

function checkTitle(title: string): string {
  const trimmed = title.trim();
  if (!trimmed || trimmed.length > 300 || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new SeglError({ code: 'invalid_request', message: 'title: 1 to 300 characters, no control characters' });
  }
  return trimmed;
}

/**
 * Uploads a PDF: checks the folder (editor; admins may leave it out), validates the PDF, hashes it, encrypts it
 * under a fresh session key into the blob store, then commits the document, its wrapped key, the blob row, the
 * audit event and the idempotency record in one transaction. A crash before the commit leaves only an unlisted
 * blob file, which `repairStorage` removes.
 */
export async function createDocument(
  options: RequestOrigin & {
    archive: DocumentArchive;
    access: FolderAccess;
    title: string;
    /** The document's language (nb or en): signers' default, and the language of the stamp and the audit pages. */
    language?: 'nb' | 'en';
    folderId?: string | null;
    bytes: Uint8Array;
    maxPages: number;
    idempotencyKey?: string;
  },
): Promise<StoredResponse & { body: CreatedDocument }> {
  const { archive, access } = options;
  const { db, clock } = archive;
  const userId = access.principal.userId;
  const title = checkTitle(options.title);
  const folderId = options.folderId ?? null;
  access.requireFolderUnlessAdmin(folderId, 'folderId is required: upload into a folder where you are an editor');
  access.require(folderId, 'editor');

  const sha256 = createHash('sha256').update(options.bytes).digest('hex');
  const requestHash = hashRequest({ op: 'documents.create', title, folderId, sha256 });
  if (options.idempotencyKey) {
    const stored = await findIdempotentResponse({ db, userId, key: options.idempotencyKey, requestHash });
    if (stored) return stored as StoredResponse & { body: CreatedDocument };
  }

  const { pageCount } = inspectPdf({ bytes: options.bytes, maxPages: options.maxPages });
  const id = randomUUID();
  const sessionKey = createDocumentSessionKey();
  const { kek, kekId } = await archive.keyRing.wrappingKey();
  const wrappedKey = wrapDocumentKey({ kek, sessionKey, documentId: id });
  let blobName: string;
  try {
    ({ name: blobName } = await archive.blobs.writeEncrypted({
      plaintext: chunksOf(options.bytes),
      sessionKey,
      plaintextSize: options.bytes.byteLength,
    }));
  } finally {
    sessionKey.fill(0);
  }

  for (let attempt = 1; ; attempt += 1) {
    const code = createDocumentCode();
    const response = { status: 201, body: { id, code: formatDocumentCode(code), status: 'draft' as const } };
    const now = clock.now();
    try {
      await db.transaction(async (transaction) => {
        await db.models.Document.create(
          {
            id,
            code,
            title,
            folderId,
            status: 'draft',
            language: options.language ?? 'nb',
            searchText: searchTextOf({ title, code, signers: [] }),
            sha256,
            sizeBytes: options.bytes.byteLength,
            pageCount,
            createdBy: userId,
            deletedAt: null,
            createdAt: now,
            updatedAt: now,
          },
          { transaction },
        );
        await db.models.DocumentKey.create(
          { documentId: id, wrappedKey, kekId, createdAt: now, updatedAt: now },
          { transaction },
        );
        await db.models.DocumentBlob.create(
          {
            id: randomUUID(),
            documentId: id,
            kind: 'original',
            blobName,
            sha256,
            sizeBytes: options.bytes.byteLength,
            createdAt: now,
          },
          { transaction },
        );
        await recordDocumentEvent({
          db,
          at: now,
          actorId: userId,
          action: 'document.created',
          documentId: id,
          ip: options.ip,
          data: { title, folderId, sha256, pageCount },
          transaction,
        });
        await appendAuditEvent({
          db,
          transaction,
          documentId: id,
          type: 'document.created',
          at: now,
          actor: staffActor(access.principal),
          ip: options.ip,
          userAgent: options.userAgent,
          data: { title, sha256, pageCount, sizeBytes: options.bytes.byteLength },
        });
        if (options.idempotencyKey)
          await storeIdempotentResponse({
            db,
            userId,
            key: options.idempotencyKey,
            requestHash,
            response,
            at: now,
            transaction,
          });
      });
      archive.logger?.info({ documentId: id, pageCount, sizeBytes: options.bytes.byteLength }, 'document created');
      return response;
    } catch (error) {
      if (error instanceof UniqueConstraintError) {
        if (options.idempotencyKey) {
          // A concurrent request with the same key won: answer as it did (or 409), and drop our copy.
          const stored = await findIdempotentResponse({ db, userId, key: options.idempotencyKey, requestHash }).catch(
            async (conflict) => {
              await archive.blobs.remove({ name: blobName });
              throw conflict;
            },
          );
          if (stored) {
            await archive.blobs.remove({ name: blobName });
            return stored as StoredResponse & { body: CreatedDocument };
          }
        }
        if (attempt < CODE_ATTEMPTS) continue;
      }
      await archive.blobs.remove({ name: blobName }).catch(() => undefined);
      throw error;
    }
  }
}
