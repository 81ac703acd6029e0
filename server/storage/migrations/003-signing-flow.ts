import { DataTypes } from 'sequelize';
import type { Migration } from './run-migrations.js';

const id = { type: DataTypes.STRING(40), primaryKey: true, allowNull: false };
const createdAt = { type: DataTypes.DATE, allowNull: false };
const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });
const str = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const date = { type: DataTypes.DATE, allowNull: true };
const ref = (table: string, allowNull = false) => ({
  type: DataTypes.STRING(40),
  allowNull,
  references: { model: table, key: 'id' },
  onDelete: 'CASCADE',
});

/**
 * The signing flow: signers with their links, challenges (e-mail codes, OIDC logins) and sessions; the
 * hash-chained audit trail; a durable job queue; webhooks with their delivery log; and on documents the
 * signing order, expiry, completion facts and the final file's hash (kept on the tombstone).
 */
export const migration003SigningFlow: Migration = {
  version: 3,
  name: 'signing-flow',
  async up({ queryInterface: q, transaction }) {
    const t = { transaction };
    await q.addColumn(
      'documents',
      'signing_order',
      { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'parallel' },
      t,
    );
    await q.addColumn('documents', 'language', { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'nb' }, t);
    await q.addColumn('documents', 'sent_at', date, t);
    await q.addColumn('documents', 'expires_at', date, t);
    await q.addColumn('documents', 'completed_at', date, t);
    await q.addColumn('documents', 'sealed_at', date, t);
    await q.addColumn('documents', 'sealed_level', str(8), t);
    await q.addColumn('documents', 'final_sha256', str(64), t);
    await q.addColumn('documents', 'audit_seq', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 }, t);
    await q.addColumn('documents', 'audit_head', str(64), t);
    await q.addIndex('documents', ['status', 'expires_at'], { name: 'documents_status_expires', ...t });
    // file checks look documents up by the original's and the final file's hash
    await q.addIndex('documents', ['sha256'], { name: 'documents_sha256', ...t });
    await q.addIndex('documents', ['final_sha256'], { name: 'documents_final_sha256', ...t });

    await q.createTable(
      'signers',
      {
        id,
        document_id: ref('documents'),
        position: { type: DataTypes.INTEGER, allowNull: false },
        name: str(200, false),
        email: str(320, false),
        auth_method: str(80, false),
        language: str(8, false),
        expected_name: str(200),
        expected_national_id_sealed: text(),
        status: str(16, false),
        invited_at: date,
        reminded_at: date,
        opened_at: date,
        authenticated_at: date,
        signed_at: date,
        declined_at: date,
        decline_reason: str(500),
        identity: text(),
        created_at: createdAt,
        updated_at: createdAt,
      },
      t,
    );
    await q.addIndex('signers', ['document_id', 'position'], { name: 'signers_document_position', ...t });

    await q.createTable(
      'signing_links',
      {
        id,
        signer_id: ref('signers'),
        token_hash: str(64, false),
        expires_at: { type: DataTypes.DATE, allowNull: false },
        revoked_at: date,
        created_at: createdAt,
      },
      t,
    );
    await q.addIndex('signing_links', ['token_hash'], { unique: true, name: 'signing_links_token', ...t });
    await q.addIndex('signing_links', ['signer_id'], { name: 'signing_links_signer', ...t });

    await q.createTable(
      'signer_challenges',
      {
        id,
        signer_id: ref('signers'),
        kind: str(16, false),
        secret_hash: str(64, false),
        state_hash: str(64),
        payload: text(),
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        expires_at: { type: DataTypes.DATE, allowNull: false },
        consumed_at: date,
        ip: str(64),
        created_at: createdAt,
      },
      t,
    );
    await q.addIndex('signer_challenges', ['signer_id', 'kind', 'created_at'], {
      name: 'signer_challenges_signer',
      ...t,
    });
    await q.addIndex('signer_challenges', ['state_hash'], { unique: true, name: 'signer_challenges_state', ...t });

    await q.createTable(
      'signer_sessions',
      {
        id,
        signer_id: ref('signers'),
        token_hash: str(64, false),
        method: str(80, false),
        identity: text(),
        expires_at: { type: DataTypes.DATE, allowNull: false },
        created_at: createdAt,
      },
      t,
    );
    await q.addIndex('signer_sessions', ['token_hash'], { unique: true, name: 'signer_sessions_token', ...t });

    await q.createTable(
      'audit_events',
      {
        id,
        document_id: ref('documents'),
        seq: { type: DataTypes.INTEGER, allowNull: false },
        type: str(60, false),
        at: str(30, false),
        actor: str(400, false),
        ip: str(64),
        user_agent: str(400),
        data: text(false),
        prev_hash: str(64, false),
        hash: str(64, false),
        timestamp_token: text(),
      },
      t,
    );
    await q.addIndex('audit_events', ['document_id', 'seq'], { unique: true, name: 'audit_events_document_seq', ...t });

    await q.createTable(
      'jobs',
      {
        id,
        kind: str(40, false),
        dedupe_key: str(200),
        payload: text(false),
        status: str(16, false),
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        run_at: { type: DataTypes.DATE, allowNull: false },
        locked_until: date,
        locked_by: str(80),
        last_error: str(1000),
        created_at: createdAt,
        updated_at: createdAt,
      },
      t,
    );
    await q.addIndex('jobs', ['dedupe_key'], { unique: true, name: 'jobs_dedupe', ...t });
    await q.addIndex('jobs', ['status', 'run_at'], { name: 'jobs_due', ...t });

    await q.createTable(
      'webhooks',
      {
        id,
        url: str(2000, false),
        secret_wrapped: text(false),
        events: text(false),
        folder_id: ref('folders', true),
        created_by: {
          type: DataTypes.STRING(40),
          allowNull: true,
          references: { model: 'users', key: 'id' },
          onDelete: 'SET NULL',
        },
        disabled_at: date,
        created_at: createdAt,
        updated_at: createdAt,
      },
      t,
    );

    await q.createTable(
      'webhook_deliveries',
      {
        id,
        webhook_id: ref('webhooks'),
        event_id: str(40, false),
        event_type: str(60, false),
        document_id: str(40),
        payload: text(false),
        status: str(16, false),
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        response_status: { type: DataTypes.INTEGER, allowNull: true },
        last_error: str(1000),
        next_attempt_at: date,
        delivered_at: date,
        created_at: createdAt,
        updated_at: createdAt,
      },
      t,
    );
    await q.addIndex('webhook_deliveries', ['webhook_id', 'created_at'], { name: 'webhook_deliveries_webhook', ...t });
    await q.addIndex('webhook_deliveries', ['webhook_id', 'event_id'], {
      unique: true,
      name: 'webhook_deliveries_event',
      ...t,
    });
  },
};
