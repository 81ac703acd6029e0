import { DataTypes } from 'sequelize';
import type { Migration } from './run-migrations.js';

/**
 * Long-term archive renewal: per sealed document, when the TSA certificate of its newest document timestamp
 * expires and which algorithms that timestamp relies on, so that the renewal job finds what is due by index instead
 * of opening every archived PDF; and when it was last renewed. Empty until the first renewal run looked.
 */
export const migration010LongTermRenewal: Migration = {
  version: 10,
  name: 'long-term-renewal',
  async up({ queryInterface: q, transaction }) {
    const t = { transaction };
    await q.addColumn('documents', 'lta_expires_at', { type: DataTypes.DATE, allowNull: true }, t);
    await q.addColumn('documents', 'lta_algorithms', { type: DataTypes.STRING(200), allowNull: true }, t);
    await q.addColumn('documents', 'lta_renewed_at', { type: DataTypes.DATE, allowNull: true }, t);
    await q.addIndex('documents', ['status', 'lta_expires_at'], { name: 'documents_status_lta_expires', ...t });
  },
};
