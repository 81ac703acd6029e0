import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { createFileBlobStore, type BlobStore } from '../../storage/blob-store.js';
import type { Logger } from '../../lib/logger.js';
import { blobDirectory } from './document-archive.js';

export interface StorageRepairReport {
  /** Blob files no row refers to (an upload that crashed before its commit, a deletion that crashed after). */
  orphanBlobsRemoved: string[];
  /** Temporary files of interrupted writes. */
  temporaryFilesRemoved: string[];
  /** Blob rows whose file is gone: logged as errors for the operator (restore DATA/blobs from a backup). */
  missingBlobs: { documentId: string; blobName: string }[];
}

const LOOKUP_BATCH = 500;

/**
 * Reconciles DATA/blobs with the database. Files younger than `graceMs` are left alone, because another node may be
 * between writing a blob and committing its row (0 is right at start-up of a single node).
 */
export async function repairStorage(options: {
  db: Database;
  dataDir: string;
  logger?: Logger;
  graceMs?: number;
  now?: Date;
  store?: BlobStore;
}): Promise<StorageRepairReport> {
  const { db, logger } = options;
  const store = options.store ?? createFileBlobStore({ dir: blobDirectory(options.dataDir) });
  const cutoff = (options.now ?? new Date()).getTime() - (options.graceMs ?? 0);
  const report: StorageRepairReport = { orphanBlobsRemoved: [], temporaryFilesRemoved: [], missingBlobs: [] };

  const onDisk = new Set<string>();
  let candidates: string[] = [];
  const checkCandidates = async () => {
    const known = await db.models.DocumentBlob.findAll({
      where: { blobName: { [Op.in]: candidates } },
      attributes: ['blobName'],
      raw: true,
    });
    const referenced = new Set(known.map((row) => row.blobName));
    for (const name of candidates) {
      if (referenced.has(name)) continue;
      await store.remove({ name });
      report.orphanBlobsRemoved.push(name);
    }
    candidates = [];
  };
  for await (const entry of store.list()) {
    if (entry.temporary) {
      if (entry.modifiedAt.getTime() <= cutoff) {
        await store.remove({ name: entry.name });
        report.temporaryFilesRemoved.push(entry.name);
      }
      continue;
    }
    onDisk.add(entry.name);
    if (entry.modifiedAt.getTime() <= cutoff) candidates.push(entry.name);
    if (candidates.length >= LOOKUP_BATCH) await checkCandidates();
  }
  if (candidates.length) await checkCandidates();

  let lastId = '';
  for (;;) {
    const rows = await db.models.DocumentBlob.findAll({
      where: { id: { [Op.gt]: lastId } },
      order: [['id', 'ASC']],
      limit: LOOKUP_BATCH,
      attributes: ['id', 'documentId', 'blobName'],
      raw: true,
    });
    if (!rows.length) break;
    for (const row of rows) {
      if (!onDisk.has(row.blobName) && !(await store.exists({ name: row.blobName })))
        report.missingBlobs.push({ documentId: row.documentId, blobName: row.blobName });
    }
    lastId = rows[rows.length - 1].id;
  }

  if (report.orphanBlobsRemoved.length || report.temporaryFilesRemoved.length) {
    logger?.warn(
      { orphans: report.orphanBlobsRemoved.length, temporary: report.temporaryFilesRemoved.length },
      'storage repair removed unreferenced blob files',
    );
  }
  for (const missing of report.missingBlobs)
    logger?.error(
      { documentId: missing.documentId, blobName: missing.blobName },
      'document blob is missing from DATA/blobs',
    );
  return report;
}
