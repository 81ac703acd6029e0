import { DataTypes, Model, type ModelStatic, type Sequelize } from 'sequelize';

/* Attribute shapes, in camelCase; columns are snake_case (underscored). */

export interface UserAttributes {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  passwordHash: string | null;
  totpSecretWrapped: string | null;
  totpConfirmedAt: Date | null;
  recoveryCodes: string | null;
  oidcIssuer: string | null;
  oidcSubject: string | null;
  enrolmentTokenHash: string | null;
  enrolmentExpiresAt: Date | null;
  failedLogins: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}
export interface GroupAttributes { id: string; name: string; createdAt?: Date; updatedAt?: Date }
export interface GroupMemberAttributes { groupId: string; userId: string; createdAt?: Date }
export interface FolderAttributes { id: string; name: string; parentId: string | null; createdAt?: Date; updatedAt?: Date }
export type GrantRole = 'viewer' | 'editor' | 'manager';
export interface GrantAttributes { id: string; folderId: string; userId: string | null; groupId: string | null; role: GrantRole; createdAt?: Date; updatedAt?: Date }
export type DocumentStatus = 'draft' | 'pending' | 'completed' | 'declined' | 'expired' | 'cancelled' | 'deleted';
export interface DocumentAttributes {
  id: string;
  code: string;
  title: string;
  folderId: string | null;
  status: DocumentStatus;
  sha256: string;
  sizeBytes: number;
  pageCount: number;
  createdBy: string | null;
  deletedAt: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}
export interface DocumentKeyAttributes { documentId: string; wrappedKey: string; kekId: string; createdAt?: Date; updatedAt?: Date }
export interface DocumentBlobAttributes { id: string; documentId: string; kind: 'original' | 'final'; blobName: string; sha256: string; sizeBytes: number; createdAt?: Date }
export interface ApiTokenAttributes {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  prefix: string;
  scopes: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
  createdAt?: Date;
}
export interface SessionAttributes {
  id: string;
  tokenHash: string;
  userId: string;
  /** `password` after the first factor only; `full` once TOTP (or SSO) completed it. */
  stage: 'password' | 'full';
  ip: string | null;
  userAgent: string | null;
  expiresAt: Date;
  lastSeenAt: Date;
  createdAt?: Date;
}
export interface IdempotencyKeyAttributes { id: string; userId: string; key: string; requestHash: string; responseStatus: number; responseBody: string; createdAt?: Date }
export interface StaffEventAttributes { id: string; at: Date; actorId: string | null; action: string; targetType: string | null; targetId: string | null; ip: string | null; data: string | null }
export interface SettingAttributes { key: string; value: string; updatedAt?: Date }

export type Row<T extends object> = Model<T, T> & T;
type Static<T extends object> = ModelStatic<Row<T>>;

export interface Models {
  User: Static<UserAttributes>;
  Group: Static<GroupAttributes>;
  GroupMember: Static<GroupMemberAttributes>;
  Folder: Static<FolderAttributes>;
  Grant: Static<GrantAttributes>;
  Document: Static<DocumentAttributes>;
  DocumentKey: Static<DocumentKeyAttributes>;
  DocumentBlob: Static<DocumentBlobAttributes>;
  ApiToken: Static<ApiTokenAttributes>;
  Session: Static<SessionAttributes>;
  IdempotencyKey: Static<IdempotencyKeyAttributes>;
  StaffEvent: Static<StaffEventAttributes>;
  Setting: Static<SettingAttributes>;
}

const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const date = (allowNull = true) => ({ type: DataTypes.DATE, allowNull });
const key = { type: DataTypes.STRING(40), primaryKey: true };
const common = { underscored: true, freezeTableName: true };

/** The models over the tables of the migrations (never `sync()`: the schema comes from migrations only). */
export function defineModels(sequelize: Sequelize): Models {
  const define = <T extends object>(name: string, table: string, attributes: Record<string, unknown>, options: Record<string, unknown> = {}) =>
    sequelize.define(name, attributes as never, { ...common, tableName: table, ...options }) as unknown as Static<T>;
  return {
    User: define<UserAttributes>('User', 'users', {
      id: key,
      email: str(320),
      name: str(200),
      role: str(16),
      passwordHash: str(300, true),
      totpSecretWrapped: { type: DataTypes.TEXT, allowNull: true },
      totpConfirmedAt: date(),
      recoveryCodes: { type: DataTypes.TEXT, allowNull: true },
      oidcIssuer: str(500, true),
      oidcSubject: str(300, true),
      enrolmentTokenHash: str(100, true),
      enrolmentExpiresAt: date(),
      failedLogins: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lockedUntil: date(),
      disabledAt: date(),
    }),
    Group: define<GroupAttributes>('Group', 'groups', { id: key, name: str(200) }),
    GroupMember: define<GroupMemberAttributes>('GroupMember', 'group_members', { groupId: { ...str(40), primaryKey: true }, userId: { ...str(40), primaryKey: true } }, { updatedAt: false }),
    Folder: define<FolderAttributes>('Folder', 'folders', { id: key, name: str(200), parentId: str(40, true) }),
    Grant: define<GrantAttributes>('Grant', 'grants', { id: key, folderId: str(40), userId: str(40, true), groupId: str(40, true), role: str(16) }),
    Document: define<DocumentAttributes>('Document', 'documents', {
      id: key,
      code: str(16),
      title: str(300),
      folderId: str(40, true),
      status: str(16),
      sha256: str(64),
      sizeBytes: { type: DataTypes.BIGINT, allowNull: false, get(this: Model) { return Number(this.getDataValue('sizeBytes')); } },
      pageCount: { type: DataTypes.INTEGER, allowNull: false },
      createdBy: str(40, true),
      deletedAt: date(),
    }),
    DocumentKey: define<DocumentKeyAttributes>('DocumentKey', 'document_keys', { documentId: { ...str(40), primaryKey: true }, wrappedKey: { type: DataTypes.TEXT, allowNull: false }, kekId: str(64) }),
    DocumentBlob: define<DocumentBlobAttributes>('DocumentBlob', 'document_blobs', {
      id: key,
      documentId: str(40),
      kind: str(16),
      blobName: str(100),
      sha256: str(64),
      sizeBytes: { type: DataTypes.BIGINT, allowNull: false, get(this: Model) { return Number(this.getDataValue('sizeBytes')); } },
    }, { updatedAt: false }),
    ApiToken: define<ApiTokenAttributes>('ApiToken', 'api_tokens', {
      id: key,
      userId: str(40),
      name: str(200),
      tokenHash: str(64),
      prefix: str(20),
      scopes: { type: DataTypes.TEXT, allowNull: false },
      lastUsedAt: date(),
      revokedAt: date(),
      expiresAt: date(),
    }, { updatedAt: false }),
    Session: define<SessionAttributes>('Session', 'sessions', {
      id: key,
      tokenHash: str(64),
      userId: str(40),
      stage: str(16),
      ip: str(64, true),
      userAgent: str(400, true),
      expiresAt: date(false),
      lastSeenAt: date(false),
    }, { updatedAt: false }),
    IdempotencyKey: define<IdempotencyKeyAttributes>('IdempotencyKey', 'idempotency_keys', {
      id: key,
      userId: str(40),
      key: str(200),
      requestHash: str(64),
      responseStatus: { type: DataTypes.INTEGER, allowNull: false },
      responseBody: { type: DataTypes.TEXT, allowNull: false },
    }, { updatedAt: false }),
    StaffEvent: define<StaffEventAttributes>('StaffEvent', 'staff_events', {
      id: key,
      at: date(false),
      actorId: str(40, true),
      action: str(100),
      targetType: str(40, true),
      targetId: str(40, true),
      ip: str(64, true),
      data: { type: DataTypes.TEXT, allowNull: true },
    }, { timestamps: false }),
    Setting: define<SettingAttributes>('Setting', 'settings', { key: { ...str(100), primaryKey: true }, value: { type: DataTypes.TEXT, allowNull: false } }, { createdAt: false }),
  };
}
