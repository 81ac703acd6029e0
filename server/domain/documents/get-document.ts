import type { FolderAccess } from '../access/folder-access.js';
import type { DocumentArchive } from './document-archive.js';
import { viewDocument, type DocumentView } from './document-view.js';
import { findVisibleDocument } from './find-visible-document.js';

export async function getDocument(options: { archive: DocumentArchive; access: FolderAccess; documentId: string }): Promise<DocumentView> {
  return viewDocument(await findVisibleDocument({ db: options.archive.db, access: options.access, documentId: options.documentId }));
}
