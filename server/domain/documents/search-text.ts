import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';

/** What GET /documents?q= searches: title, code, signer names and e-mail addresses, lower-cased, one per line. */
export function searchTextOf(options: {
  title: string;
  code: string;
  signers: { name: string; email: string }[];
}): string {
  const parts = [options.title, options.code, ...options.signers.flatMap((s) => [s.name, s.email])];
  return parts.map((part) => part.normalize('NFKC').toLowerCase()).join('\n');
}

/** Recomputes a document's search text in the caller's transaction, after its title or signers changed. */
export async function refreshSearchText(options: {
  db: Database;
  transaction: Transaction;
  documentId: string;
}): Promise<void> {
  const { db, transaction, documentId } = options;
  const document = await db.models.Document.findByPk(documentId, {
    attributes: ['id', 'title', 'code'],
    transaction,
    raw: true,
  });
  if (!document) return;
  const signers = await db.models.Signer.findAll({
    where: { documentId },
    attributes: ['name', 'email'],
    order: [['position', 'ASC']],
    transaction,
    raw: true,
  });
  await db.models.Document.update(
    { searchText: searchTextOf({ title: document.title, code: document.code, signers }) },
    { where: { id: documentId }, transaction, silent: true },
  );
}

/**
 * The words of a query, each of which must occur in the search text: lower-cased, at most five, and for a word
 * that reads as a piece of a document code (any case, hyphens and spaces optional, O for 0, I or L for 1) its code
 * form as an alternative. A whole code typed with spaces or hyphens is one word.
 */
export function searchWords(query: string): { text: string; code: string | null }[] {
  const trimmed = query.normalize('NFKC').trim().toLowerCase();
  if (!trimmed) return [];
  const compact = trimmed.replace(/[\s-]+/g, '');
  const asCode = (word: string) => {
    const code = word.replace(/-/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
    return /^[0-9a-hjkmnp-tv-z]{4,16}$/.test(code) ? code : null;
  };
  // "7f3k 9qxm 2b8d wt4n" or "7F3K-9QXM": a code with separators, kept whole
  if (/^[0-9a-z]{4}([\s-]+[0-9a-z]{1,4}){1,3}$/.test(trimmed) && asCode(compact))
    return [{ text: trimmed, code: asCode(compact) }];
  return trimmed
    .split(/\s+/)
    .slice(0, 5)
    .map((word) => ({ text: word, code: asCode(word) }));
}
