import type { FolderAccess } from '../access/folder-access.js';
import { readSigners } from '../signing/list-signers.js';
import type { DocumentArchive } from './document-archive.js';
import { viewDocument, type DocumentView } from './document-view.js';
import { findVisibleDocument } from './find-visible-document.js';

/** One document with its signers. */
export async function getDocument(options: { archive: DocumentArchive; access: FolderAccess; documentId: string }): Promise<DocumentView> {
  const row = await findVisibleDocument({ db: options.archive.db, access: options.access, documentId: options.documentId });
  return { ...viewDocument(row.get({ plain: true })), signers: await readSigners({ db: options.archive.db, documentId: row.id }) };
}
