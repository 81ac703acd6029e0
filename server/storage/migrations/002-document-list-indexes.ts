import type { Migration } from './run-migrations.js';

/** Keyset pagination of the document list on (created_at, id), overall, per folder and per status. */
export const migration002DocumentListIndexes: Migration = {
  version: 2,
  name: 'document-list-indexes',
  async up({ queryInterface: q, transaction }) {
    const t = { transaction };
    await q.addIndex('documents', ['created_at', 'id'], { name: 'documents_created_id', ...t });
    await q.addIndex('documents', ['folder_id', 'created_at', 'id'], { name: 'documents_folder_created_id', ...t });
    await q.addIndex('documents', ['status', 'created_at', 'id'], { name: 'documents_status_created_id', ...t });
    await q.removeIndex('documents', 'documents_created', t);
    await q.removeIndex('documents', 'documents_folder_created', t);
  },
};
