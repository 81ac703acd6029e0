import type { FolderAccess } from '../access/folder-access.js';
import { readSigners } from '../signer-flow/list-signers.js';
import { dueAt, visibleRetentionRuleFor } from '../retention/retention-policy.js';
import type { DocumentArchive } from './document-archive.js';
import { viewDocument, type DocumentView } from './document-view.js';
import { findVisibleDocument } from './find-visible-document.js';

/** One document with its signers and the retention period that applies to it. */
export async function getDocument(options: {
  archive: DocumentArchive;
  access: FolderAccess;
  documentId: string;
  defaultRetentionDays: number | null;
}): Promise<DocumentView> {
  const { db } = options.archive;
  const row = await findVisibleDocument({ db, access: options.access, documentId: options.documentId });
  const view = viewDocument(row.get({ plain: true }));
  let retention: DocumentView['retention'] = null;
  if (view.status !== 'deleted') {
    const rule = await visibleRetentionRuleFor({
      db,
      folderId: row.folderId,
      defaultDays: options.defaultRetentionDays,
      access: options.access,
    });
    if (rule)
      retention = { ...rule, deleteAfter: row.endedAt ? dueAt(new Date(row.endedAt), rule).toISOString() : null };
  }
  return { ...view, retention, signers: await readSigners({ db, documentId: row.id }) };
}
