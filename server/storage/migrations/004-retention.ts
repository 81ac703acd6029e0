import { DataTypes } from 'sequelize';
import type { Migration } from './run-migrations.js';

/**
 * Retention: a period on folders (inherited down the tree); on documents when they reached their end state
 * (completed, declined, expired, cancelled), a legal hold that keeps them past it, and where the audit chain resumes
 * after retention erased the events before it (the tombstone keeps the erased chain's last hash).
 */
export const migration004Retention: Migration = {
  version: 4,
  name: 'retention',
  async up({ queryInterface: q, transaction }) {
    const t = { transaction };
    await q.addColumn('folders', 'retention_days', { type: DataTypes.INTEGER, allowNull: true }, t);
    await q.addColumn('documents', 'ended_at', { type: DataTypes.DATE, allowNull: true }, t);
    await q.addColumn('documents', 'legal_hold', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false }, t);
    await q.addColumn('documents', 'legal_hold_reason', { type: DataTypes.STRING(500), allowNull: true }, t);
    await q.addColumn('documents', 'audit_erased_seq', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 }, t);
    await q.addColumn('documents', 'audit_erased_head', { type: DataTypes.STRING(64), allowNull: true }, t);
    // documents that ended before this version: completed ones when they were sealed, the others at their last change
    await q.sequelize.query("UPDATE documents SET ended_at = sealed_at WHERE status = 'completed'", t);
    await q.sequelize.query("UPDATE documents SET ended_at = updated_at WHERE status IN ('declined', 'expired', 'cancelled')", t);
    await q.addIndex('documents', ['status', 'ended_at'], { name: 'documents_status_ended', ...t });
  },
};
