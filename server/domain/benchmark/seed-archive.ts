import { randomUUID } from 'node:crypto';
import type { Database } from '../../storage/database.js';
import type { DocumentAttributes, DocumentStatus } from '../../storage/models/document.js';

/*
 * Archives of many documents for `npm run bench` (listing, portal lookups, long-term renewal), written as rows: a
 * real upload encrypts and stores a PDF per document, which would make seeding 100,000 documents take hours. Only
 * the benchmarks use these; the appliance never does.
 */

const ROWS_PER_TRANSACTION = 2000;

/** A document row as a benchmark makes it; the rest takes the defaults of an unsigned upload of a small PDF. */
export type SeedDocument = Pick<DocumentAttributes, 'id' | 'code' | 'title' | 'status'> & Partial<DocumentAttributes>;

/** Inserts documents in transactions of 2,000 rows. */
export async function seedDocuments(options: { db: Database; documents: SeedDocument[] }): Promise<void> {
  const { db } = options;
  const now = new Date();
  const rows = options.documents.map((document) => ({
    folderId: null,
    sha256: '0'.repeat(64),
    sizeBytes: 1000,
    pageCount: 1,
    createdBy: null,
    deletedAt: null,
    createdAt: now,
    updatedAt: now,
    ...document,
  }));
  for (let at = 0; at < rows.length; at += ROWS_PER_TRANSACTION) {
    const batch = rows.slice(at, at + ROWS_PER_TRANSACTION);
    await db.transaction((transaction) => db.models.Document.bulkCreate(batch, { transaction }));
  }
}

/** Top-level folders with the given names (and retention period); answers their ids in the same order. */
export async function seedFolders(options: {
  db: Database;
  names: string[];
  retentionDays?: number;
}): Promise<string[]> {
  const now = new Date();
  const retentionDays = options.retentionDays ?? null;
  const folders = options.names.map((name) => ({
    id: randomUUID(),
    name,
    parentId: null,
    retentionDays,
    createdAt: now,
    updatedAt: now,
  }));
  await options.db.models.Folder.bulkCreate(folders);
  return folders.map((folder) => folder.id);
}

/**
 * Makes an uploaded document look sealed at `level`: its original (already a sealed PDF) becomes the final file, as
 * if the signing flow had completed it.
 */
export async function markUploadSealed(options: { db: Database; documentId: string; level: string }): Promise<void> {
  const { db, documentId } = options;
  await db.transaction(async (transaction) => {
    await db.models.DocumentBlob.update({ kind: 'final' }, { where: { documentId }, transaction });
    const sealed = { status: 'completed' as const, sealedAt: new Date(), sealedLevel: options.level };
    await db.models.Document.update(sealed, { where: { id: documentId }, transaction });
  });
}

/** How many documents the archive holds (of `documentIds`, in `status`, when given). */
export async function countDocuments(options: {
  db: Database;
  documentIds?: string[];
  status?: DocumentStatus;
}): Promise<number> {
  const { documentIds, status } = options;
  return options.db.models.Document.count({
    where: { ...(documentIds ? { id: documentIds } : {}), ...(status ? { status } : {}) },
  });
}

/** Makes documents look cancelled at `endedAt` (long ago, for a retention run to find them due). */
export async function markCancelled(options: { db: Database; documentIds: string[]; endedAt: Date }): Promise<void> {
  const cancelled = { status: 'cancelled' as const, endedAt: options.endedAt };
  await options.db.models.Document.update(cancelled, { where: { id: options.documentIds } });
}
