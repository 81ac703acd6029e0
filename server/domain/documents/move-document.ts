import { SeglError } from '../../lib/errors.js';
import type { FolderAccess } from '../access/folder-access.js';
import type { DocumentArchive } from './document-archive.js';
import { lockVisibleDocument } from './find-visible-document.js';
import { recordDocumentEvent } from './record-document-event.js';
import { viewDocument, type DocumentView } from './document-view.js';
import { retentionRuleFor } from '../retention/retention-policy.js';

/**
 * Moves a document to another folder: editor on both (admins anywhere, including the root: folderId null). A move
 * that would shorten how long the document is kept needs manager on its folder, as deleting it does: otherwise an
 * editor could have retention erase it early by moving it.
 */
export async function moveDocument(options: {
  archive: DocumentArchive;
  access: FolderAccess;
  documentId: string;
  folderId: string | null;
  defaultRetentionDays: number | null;
  ip?: string | null;
}): Promise<DocumentView> {
  const { archive, access } = options;
  const { db, clock } = archive;
  const target = options.folderId;
  access.requireFolderUnlessAdmin(target, 'folderId is required');
  return db.transaction(async (transaction) => {
    const document = await lockVisibleDocument({ db, access, documentId: options.documentId }, 'editor', transaction);
    if (document.status === 'deleted') {
      throw new SeglError({ code: 'document_deleted', message: 'a deleted document cannot be moved' });
    }
    access.require(target, 'editor');
    const from = document.folderId;
    if (from !== target) {
      const keptNow =
        (await retentionRuleFor({ db, folderId: from, defaultDays: options.defaultRetentionDays, transaction }))
          ?.days ?? Infinity;
      const keptThere =
        (await retentionRuleFor({ db, folderId: target, defaultDays: options.defaultRetentionDays, transaction }))
          ?.days ?? Infinity;
      if (keptThere < keptNow && !access.can(from, 'manager')) {
        const instead = Number.isFinite(keptNow) ? ` instead of ${keptNow}` : ' instead of until someone deletes it';
        throw new SeglError({
          code: 'forbidden',
          message:
            `there it would be kept ${keptThere} days after it ends${instead}: ` +
            'a shorter period needs the manager role on its folder',
        });
      }
      const now = clock.now();
      await document.update({ folderId: target, updatedAt: now }, { transaction });
      await recordDocumentEvent({
        db,
        at: now,
        actorId: access.principal.userId,
        action: 'document.moved',
        documentId: document.id,
        ip: options.ip,
        data: { from, to: target },
        transaction,
      });
    }
    return viewDocument(document.get({ plain: true }));
  });
}
