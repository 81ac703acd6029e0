import { DataTypes } from 'sequelize';
import type { Migration } from './run-migrations.js';

const id = { type: DataTypes.STRING(40), primaryKey: true, allowNull: false };
const createdAt = { type: DataTypes.DATE, allowNull: false };
const ref = (table: string, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT' = 'CASCADE', allowNull = false) => ({
  type: DataTypes.STRING(40),
  allowNull,
  references: { model: table, key: 'id' },
  onDelete,
});

/** Staff, groups, folders and grants, documents with their wrapped keys and blobs, tokens, sessions, events. */
export const migration001Initial: Migration = {
  version: 1,
  name: 'initial',
  async up({ queryInterface: q, transaction }) {
    const t = { transaction };
    await q.createTable(
      'users',
      {
        id,
        email: { type: DataTypes.STRING(320), allowNull: false, unique: true },
        name: { type: DataTypes.STRING(200), allowNull: false },
        role: { type: DataTypes.STRING(16), allowNull: false },
        password_hash: { type: DataTypes.STRING(300), allowNull: true },
        totp_secret_wrapped: { type: DataTypes.TEXT, allowNull: true },
        totp_confirmed_at: { type: DataTypes.DATE, allowNull: true },
        recovery_codes: { type: DataTypes.TEXT, allowNull: true },
        oidc_issuer: { type: DataTypes.STRING(500), allowNull: true },
        oidc_subject: { type: DataTypes.STRING(300), allowNull: true },
        enrolment_token_hash: { type: DataTypes.STRING(100), allowNull: true, unique: true },
        enrolment_expires_at: { type: DataTypes.DATE, allowNull: true },
        failed_logins: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        locked_until: { type: DataTypes.DATE, allowNull: true },
        disabled_at: { type: DataTypes.DATE, allowNull: true },
        created_at: createdAt,
        updated_at: createdAt,
      },
      t,
    );
    await q.addIndex('users', ['oidc_issuer', 'oidc_subject'], { unique: true, name: 'users_oidc_identity', ...t });

    await q.createTable(
      'groups',
      {
        id,
        name: { type: DataTypes.STRING(200), allowNull: false, unique: true },
        created_at: createdAt,
        updated_at: createdAt,
      },
      t,
    );
    await q.createTable(
      'group_members',
      {
        group_id: { ...ref('groups'), primaryKey: true },
        user_id: { ...ref('users'), primaryKey: true },
        created_at: createdAt,
      },
      t,
    );

    await q.createTable(
      'folders',
      {
        id,
        name: { type: DataTypes.STRING(200), allowNull: false },
        parent_id: ref('folders', 'RESTRICT', true),
        created_at: createdAt,
        updated_at: createdAt,
      },
      t,
    );
    await q.addIndex('folders', ['parent_id', 'name'], { unique: true, name: 'folders_unique_name', ...t });

    await q.createTable(
      'grants',
      {
        id,
        folder_id: ref('folders'),
        user_id: ref('users', 'CASCADE', true),
        group_id: ref('groups', 'CASCADE', true),
        role: { type: DataTypes.STRING(16), allowNull: false },
        created_at: createdAt,
        updated_at: createdAt,
      },
      t,
    );
    await q.addIndex('grants', ['folder_id'], { name: 'grants_folder', ...t });
    await q.addIndex('grants', ['user_id'], { name: 'grants_user', ...t });
    await q.addIndex('grants', ['group_id'], { name: 'grants_group', ...t });

    await q.createTable(
      'documents',
      {
        id,
        code: { type: DataTypes.STRING(16), allowNull: false, unique: true },
        title: { type: DataTypes.STRING(300), allowNull: false },
        folder_id: ref('folders', 'RESTRICT', true),
        status: { type: DataTypes.STRING(16), allowNull: false },
        sha256: { type: DataTypes.STRING(64), allowNull: false },
        size_bytes: { type: DataTypes.BIGINT, allowNull: false },
        page_count: { type: DataTypes.INTEGER, allowNull: false },
        created_by: ref('users', 'SET NULL', true),
        deleted_at: { type: DataTypes.DATE, allowNull: true },
        created_at: createdAt,
        updated_at: createdAt,
      },
      t,
    );
    await q.addIndex('documents', ['folder_id', 'created_at'], { name: 'documents_folder_created', ...t });
    await q.addIndex('documents', ['created_at'], { name: 'documents_created', ...t });
    await q.addIndex('documents', ['status'], { name: 'documents_status', ...t });

    await q.createTable(
      'document_keys',
      {
        document_id: { ...ref('documents'), primaryKey: true },
        wrapped_key: { type: DataTypes.TEXT, allowNull: false },
        kek_id: { type: DataTypes.STRING(64), allowNull: false },
        created_at: createdAt,
        updated_at: createdAt,
      },
      t,
    );
    await q.addIndex('document_keys', ['kek_id'], { name: 'document_keys_kek', ...t });

    await q.createTable(
      'document_blobs',
      {
        id,
        document_id: ref('documents'),
        kind: { type: DataTypes.STRING(16), allowNull: false },
        blob_name: { type: DataTypes.STRING(100), allowNull: false, unique: true },
        sha256: { type: DataTypes.STRING(64), allowNull: false },
        size_bytes: { type: DataTypes.BIGINT, allowNull: false },
        created_at: createdAt,
      },
      t,
    );
    await q.addIndex('document_blobs', ['document_id', 'kind'], { name: 'document_blobs_document', ...t });

    await q.createTable(
      'api_tokens',
      {
        id,
        user_id: ref('users'),
        name: { type: DataTypes.STRING(200), allowNull: false },
        token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        prefix: { type: DataTypes.STRING(20), allowNull: false },
        scopes: { type: DataTypes.TEXT, allowNull: false },
        last_used_at: { type: DataTypes.DATE, allowNull: true },
        revoked_at: { type: DataTypes.DATE, allowNull: true },
        expires_at: { type: DataTypes.DATE, allowNull: true },
        created_at: createdAt,
      },
      t,
    );

    await q.createTable(
      'sessions',
      {
        id,
        token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        user_id: ref('users'),
        stage: { type: DataTypes.STRING(16), allowNull: false },
        ip: { type: DataTypes.STRING(64), allowNull: true },
        user_agent: { type: DataTypes.STRING(400), allowNull: true },
        expires_at: { type: DataTypes.DATE, allowNull: false },
        last_seen_at: { type: DataTypes.DATE, allowNull: false },
        created_at: createdAt,
      },
      t,
    );

    await q.createTable(
      'idempotency_keys',
      {
        id,
        user_id: ref('users'),
        key: { type: DataTypes.STRING(200), allowNull: false },
        request_hash: { type: DataTypes.STRING(64), allowNull: false },
        response_status: { type: DataTypes.INTEGER, allowNull: false },
        response_body: { type: DataTypes.TEXT, allowNull: false },
        created_at: createdAt,
      },
      t,
    );
    await q.addIndex('idempotency_keys', ['user_id', 'key'], { unique: true, name: 'idempotency_user_key', ...t });

    await q.createTable(
      'staff_events',
      {
        id,
        at: createdAt,
        actor_id: { type: DataTypes.STRING(40), allowNull: true },
        action: { type: DataTypes.STRING(100), allowNull: false },
        target_type: { type: DataTypes.STRING(40), allowNull: true },
        target_id: { type: DataTypes.STRING(40), allowNull: true },
        ip: { type: DataTypes.STRING(64), allowNull: true },
        data: { type: DataTypes.TEXT, allowNull: true },
      },
      t,
    );
    await q.addIndex('staff_events', ['at'], { name: 'staff_events_at', ...t });

    await q.createTable(
      'settings',
      {
        key: { type: DataTypes.STRING(100), primaryKey: true, allowNull: false },
        value: { type: DataTypes.TEXT, allowNull: false },
        updated_at: createdAt,
      },
      t,
    );
  },
};
