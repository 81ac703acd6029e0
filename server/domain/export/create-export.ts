import { PassThrough, type Readable } from 'node:stream';
import { Op } from 'sequelize';
import yazl from 'yazl';
import type { DocumentAttributes } from '../../storage/models/document.js';
import { type FolderAccess, notFound } from '../access/folder-access.js';
import type { DocumentArchive } from '../documents/document-archive.js';
import { viewDocument } from '../documents/document-view.js';
import { readDocumentBlob } from '../documents/read-document-blob.js';
import { recordDocumentDownload } from '../documents/record-document-download.js';
import { latestSignedBlob } from '../documents/latest-signed-blob.js';
import { formatDocumentCode } from '../documents/document-code.js';
import { readSigners } from '../signer-flow/list-signers.js';
import { readAuditTrail } from '../audit/get-audit-trail.js';
import { staffActor, SYSTEM_ACTOR } from '../audit/audit-actor.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { exportDirectoryName } from './export-names.js';
import type { RequestOrigin } from '../request-origin.js';

interface ExportedFile {
  path: string;
  sha256: string;
  sizeBytes: number;
  /** The document was deleted while the export ran: the file in the archive is empty. */
  deletedDuringExport?: boolean;
}

export interface ExportProgress {
  /** Documents whose files have been written into the archive. */
  done: number;
  total: number;
}

export interface ExportSummary {
  documents: number;
  /** Tombstones: listed in index.json, with no files. */
  deleted: number;
  pdfs: number;
  bytes: number;
  /** The reader took the whole archive (false: it went away first). */
  complete: boolean;
}

const PAGE = 500;
const README = `Segl export

index.json          every exported document: code, title, status, folder, times, hashes, signers, its files
folders.json        the folder tree (as the exporting user could see it)
documents/<code> <title>/
  original.pdf      the uploaded PDF, byte for byte
  signed.pdf        the final sealed PDF (PAdES), once the document is completed
  document.json     the document and its signers as the API shows them
  audit-trail.json  every audit event, hash-chained, with the result of the chain check
pki/segl-root.pem   the appliance root certificate the seals chain to

Check a signed PDF without Segl: trust segl-root.pem in a PAdES validator (Adobe, EU DSS, pyHanko,
poppler pdfsig), or run "segl verify signed.pdf --trust pki/segl-root.pem". Each PDF's SHA-256 is in index.json.
Deleted documents appear in index.json as tombstones (code, times, hashes) without files. A document deleted
while the export ran leaves an empty file, marked "deletedDuringExport" in index.json.
`;

/**
 * Everything the caller can see (or one folder and its subfolders), as a ZIP stream: decrypted PDFs, metadata, audit
 * trails, the folder tree and the root certificate. Files are read one at a time as the stream is consumed, so memory
 * stays flat whatever the archive's size. Every exported document gets a `document.downloaded` event, and the export
 * itself a staff event.
 */
export async function createExport(
  options: RequestOrigin & {
    archive: DocumentArchive;
    access: FolderAccess;
    folderId?: string | null;
    rootCertificatePem: string;
    /** The operator at the command line (`segl export`), not a staff user: recorded as the appliance itself. */
    operator?: boolean;
    onProgress?: (progress: ExportProgress) => void;
  },
): Promise<{ stream: Readable; finished: Promise<ExportSummary> }> {
  const { archive, access } = options;
  const { db, clock } = archive;
  const actor = options.operator ? SYSTEM_ACTOR : staffActor(access.principal);
  const exportedBy = options.operator
    ? { kind: 'operator', via: 'segl export' }
    : { kind: 'staff', id: access.principal.userId, name: access.principal.name };
  if (options.folderId && !access.can(options.folderId, 'viewer')) throw notFound('folder');
  const folderRows = (
    await db.models.Folder.findAll({
      attributes: ['id', 'name', 'parentId', 'retentionDays'],
      order: [['name', 'ASC']],
      raw: true,
    })
  ).filter(
    (folder) =>
      access.can(folder.id, 'viewer') &&
      (!options.folderId || folder.id === options.folderId || access.isWithin(folder.id, options.folderId)),
  );
  const folderIds = new Set(folderRows.map((f) => f.id));
  const includeTopLevel = !options.folderId && access.isAdmin;
  const names = new Map(folderRows.map((f) => [f.id, f]));
  const pathOf = (folderId: string | null): string[] => {
    const path: string[] = [];
    for (let at = folderId; at && names.has(at) && path.length < 100; at = names.get(at)!.parentId)
      path.unshift(names.get(at)!.name);
    return path;
  };

  const documents: DocumentAttributes[] = [];
  for (let after = ''; ; ) {
    const page = await db.models.Document.findAll({
      where: { id: { [Op.gt]: after } },
      order: [['id', 'ASC']],
      limit: PAGE,
      raw: true,
    });
    for (const row of page) if (row.folderId ? folderIds.has(row.folderId) : includeTopLevel) documents.push(row);
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  documents.sort(
    (a, b) => new Date(a.createdAt!).getTime() - new Date(b.createdAt!).getTime() || a.id.localeCompare(b.id),
  );

  const zip = new yazl.ZipFile();
  const output = new PassThrough();
  const summary: ExportSummary = { documents: 0, deleted: 0, pdfs: 0, bytes: 0, complete: false };
  const open = new Set<Readable>();
  const mtime = clock.now();
  const index: unknown[] = [];
  let failure: Error | undefined;
  const fail = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
    output.destroy(failure);
  };

  zip.addBuffer(Buffer.from(README), 'README.txt', { mtime });
  zip.addBuffer(Buffer.from(options.rootCertificatePem), 'pki/segl-root.pem', { mtime });
  const folderList = folderRows.map((f) => ({
    id: f.id,
    name: f.name,
    parentId: folderIds.has(f.parentId ?? '') ? f.parentId : null,
    path: pathOf(f.id),
    retentionDays: f.retentionDays ?? null,
  }));
  zip.addBuffer(Buffer.from(`${JSON.stringify({ folders: folderList }, null, 2)}\n`), 'folders.json', { mtime });

  let done = 0;
  for (const document of documents) {
    const code = formatDocumentCode(document.code);
    const view = viewDocument(document);
    const entry: Record<string, unknown> = {
      ...view,
      folderPath: pathOf(document.folderId),
      files: {} as Record<string, { path: string; sha256: string; sizeBytes: number }>,
    };
    index.push(entry);
    if (document.status === 'deleted') {
      summary.deleted += 1;
      continue;
    }
    summary.documents += 1;
    const dir = `documents/${exportDirectoryName(code, document.title)}`;
    const blobs = await db.models.DocumentBlob.findAll({ where: { documentId: document.id }, raw: true });
    const ordered = [blobs.find((b) => b.kind === 'original'), latestSignedBlob(blobs)].filter((b) => b !== undefined);
    const files = entry.files as Record<string, ExportedFile>;
    let recorded = false;
    const deletedMeanwhile = async () => {
      const current = await db.models.Document.findByPk(document.id, { attributes: ['status'], raw: true });
      return !current || current.status === 'deleted';
    };
    for (const blob of ordered) {
      const signed = blob.kind !== 'original';
      const path = `${dir}/${signed ? 'signed.pdf' : 'original.pdf'}`;
      const file: ExportedFile = { path, sha256: blob.sha256, sizeBytes: Number(blob.sizeBytes) };
      files[signed ? 'signed' : 'original'] = file;
      // A document deleted while the export runs (retention, a manager) leaves an empty file, marked in index.json,
      // rather than breaking the whole archive; anything else (a missing blob, a failed decryption) stops it.
      const gone = () => {
        file.deletedDuringExport = true;
        file.sizeBytes = 0;
        return bufferStream('');
      };
      zip.addReadStreamLazy(path, { mtime: new Date(document.updatedAt!), compress: false }, (callback) => {
        void (async (): Promise<Readable> => {
          if (output.destroyed) throw new Error('the export was abandoned');
          let stream: Readable | null;
          try {
            stream = await readDocumentBlob({ archive, documentId: document.id, blobName: blob.blobName });
          } catch (error) {
            if (await deletedMeanwhile()) return gone();
            throw error;
          }
          if (!stream) {
            if (await deletedMeanwhile()) return gone();
            throw new Error(`document ${code} has no key`);
          }
          if (output.destroyed) {
            stream.destroy();
            throw new Error('the export was abandoned');
          }
          if (!recorded) {
            recorded = true;
            await recordDocumentDownload({
              db,
              documentId: document.id,
              at: clock.now(),
              actor,
              ip: options.ip,
              userAgent: options.userAgent,
              data: {
                version: 'export',
                files: ordered.map((b) => b.kind),
                ...(options.operator ? { by: 'segl export' } : {}),
              },
            });
          }
          open.add(stream);
          stream.on('close', () => open.delete(stream));
          stream.on('error', fail);
          summary.pdfs += 1;
          summary.bytes += Number(blob.sizeBytes);
          return stream;
        })().then(
          (stream) => callback(null, stream),
          (error: unknown) => {
            fail(error);
            callback(error instanceof Error ? error : new Error(String(error)), undefined as never);
          },
        );
      });
    }
    zip.addReadStreamLazy(`${dir}/document.json`, { mtime }, (callback) => {
      void readSigners({ db, documentId: document.id }).then(
        (signers) =>
          callback(
            null,
            bufferStream(`${JSON.stringify({ ...view, folderPath: pathOf(document.folderId), signers }, null, 2)}\n`),
          ),
        (error: unknown) => fail(error),
      );
    });
    zip.addReadStreamLazy(`${dir}/audit-trail.json`, { mtime }, (callback) => {
      void readAuditTrail({ db, documentId: document.id }).then(
        (trail) => {
          done += 1;
          options.onProgress?.({ done, total: documents.length - summary.deleted });
          callback(null, bufferStream(`${JSON.stringify(trail, null, 2)}\n`));
        },
        (error: unknown) => fail(error),
      );
    });
  }
  zip.addReadStreamLazy('index.json', { mtime }, (callback) => {
    const summaryIndex = {
      exportedAt: mtime.toISOString(),
      exportedBy,
      folderId: options.folderId ?? null,
      documents: index,
    };
    callback(null, bufferStream(`${JSON.stringify(summaryIndex, null, 2)}\n`));
  });
  zip.end();
  (zip as unknown as NodeJS.EventEmitter).on('error', fail);
  zip.outputStream.on('error', fail);
  zip.outputStream.pipe(output);
  // A reader that goes away (a closed connection) stops the export: no file stays open behind it.
  output.on('close', () => {
    if (summary.complete) return;
    zip.outputStream.unpipe(output);
    (zip.outputStream as unknown as Readable).destroy();
    for (const stream of open) stream.destroy();
  });

  const finished = new Promise<ExportSummary>((resolve, reject) => {
    output.on('end', () => {
      summary.complete = true;
      resolve(summary);
    });
    output.on('close', () => (failure ? reject(failure) : resolve(summary)));
    output.on('error', reject);
  }).then(async (result) => {
    await recordStaffEvent({
      db,
      clock,
      actorId: options.operator ? null : access.principal.userId,
      action: 'archive.exported',
      targetType: options.folderId ? 'folder' : null,
      targetId: options.folderId ?? null,
      ip: options.ip,
      data: { ...result },
    });
    return result;
  });
  finished.catch(() => undefined);
  return { stream: output, finished };
}

function bufferStream(text: string): Readable {
  const stream = new PassThrough();
  stream.end(Buffer.from(text));
  return stream;
}
