import { DataTypes, QueryTypes } from 'sequelize';
import type { Migration } from './run-migrations.js';

/** Must match server/domain/documents/search-text.ts (a migration may not import the domain). */
function searchTextOf(title: string, code: string, signers: { name: string; email: string }[]): string {
  return [title, code, ...signers.flatMap((s) => [s.name, s.email])]
    .map((part) => part.normalize('NFKC').toLowerCase())
    .join('\n');
}

/**
 * Search over title, code, signer names and e-mail addresses: one lower-cased column per document (parts separated by
 * line breaks, which a query cannot contain), kept current by the use cases that change any of them and erased with
 * the personal data. Backfilled here for the documents that exist.
 */
export const migration008DocumentSearch: Migration = {
  version: 8,
  name: 'document-search',
  async up({ queryInterface: q, transaction }) {
    const t = { transaction };
    await q.addColumn('documents', 'search_text', { type: DataTypes.TEXT, allowNull: true }, t);
    const batch = 500;
    for (let after = ''; ; ) {
      const rows = await q.sequelize.query<{ id: string; title: string; code: string }>(
        'SELECT id, title, code FROM documents WHERE id > ? ORDER BY id LIMIT ?',
        { replacements: [after, batch], type: QueryTypes.SELECT, transaction },
      );
      if (!rows.length) break;
      const signers = await q.sequelize.query<{ document_id: string; name: string; email: string }>(
        'SELECT document_id, name, email FROM signers ' +
          `WHERE document_id IN (${rows.map(() => '?').join(',')}) ORDER BY position`,
        { replacements: rows.map((r) => r.id), type: QueryTypes.SELECT, transaction },
      );
      for (const row of rows) {
        const text = searchTextOf(
          row.title ?? '',
          row.code,
          signers.filter((s) => s.document_id === row.id),
        );
        await q.sequelize.query('UPDATE documents SET search_text = ? WHERE id = ?', {
          replacements: [text, row.id],
          transaction,
        });
      }
      after = rows[rows.length - 1].id;
    }
  },
};
