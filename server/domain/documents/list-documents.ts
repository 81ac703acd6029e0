import { Op, Sequelize, type WhereOptions } from 'sequelize';
import type { DocumentAttributes, DocumentStatus } from '../../storage/models/document.js';
import { notFound, type FolderAccess } from '../access/folder-access.js';
import type { DocumentArchive } from './document-archive.js';
import { viewDocument, type DocumentView } from './document-view.js';
import { searchWords } from './search-text.js';
import { decodeCursor, NEWEST_FIRST, olderThan, pageOf } from '../keyset-page.js';

export interface DocumentFilter {
  folderId?: string;
  status?: DocumentStatus;
  /** Words that must each occur in the title, the code (any case, hyphens optional), a signer's name or e-mail. */
  q?: string;
  createdFrom?: Date;
  createdTo?: Date;
  limit?: number;
  /** Opaque, from the previous page's `nextCursor`. */
  cursor?: string;
}

export const MAX_PAGE_SIZE = 100;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One page of the documents the caller can see, newest first, by keyset pagination on (created_at, id): each page
 * costs an index seek whatever its depth. Deleted tombstones appear only when asked for by status.
 */
export async function listDocuments(options: {
  archive: DocumentArchive;
  access: FolderAccess;
  filter: DocumentFilter;
}): Promise<{ documents: DocumentView[]; nextCursor: string | null }> {
  const { archive, access, filter } = options;
  const { sequelize } = archive.db;
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, filter.limit ?? 50));
  const conditions: WhereOptions<DocumentAttributes>[] = [];

  const visible = access.visibleFolderIds();
  if (filter.folderId) {
    if (!access.can(filter.folderId, 'viewer')) throw notFound('folder');
    conditions.push({ folderId: filter.folderId });
  } else if (visible !== 'all') {
    if (visible.length === 0) return { documents: [], nextCursor: null };
    conditions.push({ folderId: { [Op.in]: visible } });
  }
  conditions.push(filter.status ? { status: filter.status } : { status: { [Op.ne]: 'deleted' } });
  // Every word of the query in the title, the code, a signer's name or e-mail address (one lower-cased column).
  const like = (text: string) =>
    Sequelize.where(
      Sequelize.col('search_text'),
      Op.like,
      Sequelize.literal(`${sequelize.escape(`%${escapeLike(text)}%`)} ESCAPE '\\'`),
    );
  const words = searchWords(filter.q ?? '');
  // a whole code is found by its unique index; otherwise every word is looked for in the search column
  const wholeCode = words.length === 1 && words[0].code?.length === 16 ? words[0].code.toUpperCase() : null;
  if (wholeCode) conditions.push({ code: wholeCode });
  else
    for (const word of words) {
      conditions.push(
        word.code && word.code !== word.text ? { [Op.or]: [like(word.text), like(word.code)] } : like(word.text),
      );
    }
  if (filter.createdFrom) conditions.push({ createdAt: { [Op.gte]: filter.createdFrom } });
  if (filter.createdTo) conditions.push({ createdAt: { [Op.lt]: filter.createdTo } });
  if (filter.cursor) {
    conditions.push(olderThan(sequelize, decodeCursor(filter.cursor)));
  }

  const rows = await archive.db.models.Document.findAll({
    where: { [Op.and]: conditions },
    order: NEWEST_FIRST,
    limit: limit + 1,
    raw: true,
  });
  const { page, nextCursor } = pageOf(rows, limit);
  return { documents: page.map((row) => viewDocument(row)), nextCursor };
}
