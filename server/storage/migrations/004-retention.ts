import { DataTypes } from 'sequelize';
import type { Migration } from './run-migrations.js';

/**
 * Retention: a period on folders (inherited down the tree); on documents when they reached their end state
 * (completed, declined, expired, cancelled), a legal hold that keeps them past it, and where the audit chain resumes
 * after retention erased the events before it (the tombstone keeps the erased chain's last hash); and indexes by
 * document on the tables retention erases from; and leases for scheduled work.
 */
export const migration004Retention: Migration = {
  version: 4,
  name: 'retention',
  async up({ queryInterface: q, transaction, dialect }) {
    const t = { transaction };
    await q.addColumn('folders', 'retention_days', { type: DataTypes.INTEGER, allowNull: true }, t);
    await q.addColumn('documents', 'ended_at', { type: DataTypes.DATE, allowNull: true }, t);
    await q.addColumn('documents', 'legal_hold', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false }, t);
    await q.addColumn('documents', 'legal_hold_reason', { type: DataTypes.STRING(500), allowNull: true }, t);
    await q.addColumn(
      'documents',
      'audit_erased_seq',
      { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      t,
    );
    await q.addColumn('documents', 'audit_erased_head', { type: DataTypes.STRING(64), allowNull: true }, t);
    // documents that ended before this version: completed ones when they were sealed, the others at their last change
    await q.sequelize.query("UPDATE documents SET ended_at = sealed_at WHERE status = 'completed'", t);
    await q.sequelize.query(
      "UPDATE documents SET ended_at = updated_at WHERE status IN ('declined', 'expired', 'cancelled')",
      t,
    );
    // deleted ones (not yet erased, so retention erases them in time): when they were completed, else deleted
    await q.sequelize.query(
      "UPDATE documents SET ended_at = COALESCE(sealed_at, deleted_at) WHERE status = 'deleted'",
      t,
    );
    await q.addIndex('documents', ['status', 'ended_at'], { name: 'documents_status_ended', ...t });
    // what retention erases per document is found by index, not by scanning tables that grow with every event
    await q.addColumn('jobs', 'document_id', { type: DataTypes.STRING(40), allowNull: true }, t);
    await q.addIndex('jobs', ['document_id'], { name: 'jobs_document', ...t });
    // every payload is JSON.stringify's output; on SQLite a malformed one is skipped rather than failing the start
    const backfill =
      dialect === 'postgres'
        ? "UPDATE jobs SET document_id = (payload::json ->> 'documentId') WHERE document_id IS NULL"
        : "UPDATE jobs SET document_id = json_extract(payload, '$.documentId') WHERE document_id IS " +
          'NULL AND json_valid(payload)';
    await q.sequelize.query(backfill, t);
    await q.addIndex('staff_events', ['target_type', 'target_id'], { name: 'staff_events_target', ...t });
    await q.addIndex('webhook_deliveries', ['document_id'], { name: 'webhook_deliveries_document', ...t });
    // scheduled work (retention, sweeps) takes a lease here, so that one node of several runs each
    await q.createTable(
      'scheduled_leases',
      {
        name: { type: DataTypes.STRING(100), primaryKey: true, allowNull: false },
        holder: { type: DataTypes.STRING(100), allowNull: false },
        expires_at: { type: DataTypes.DATE, allowNull: false },
      },
      t,
    );
  },
};
