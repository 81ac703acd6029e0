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
export interface FolderAttributes {
  id: string;
  name: string;
  parentId: string | null;
  /** Days documents here are kept after they end; null inherits from the parent (or the appliance default). */
  retentionDays?: number | null;
  createdAt?: Date;
  updatedAt?: Date;
}
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
  signingOrder?: 'parallel' | 'sequential';
  language?: 'nb' | 'en';
  sentAt?: Date | null;
  expiresAt?: Date | null;
  /** When the last signer signed. */
  completedAt?: Date | null;
  /** When the final PDF was sealed and stored (status `completed` from then on). */
  sealedAt?: Date | null;
  sealedLevel?: string | null;
  /** SHA-256 of the final (sealed) PDF; kept on the tombstone after deletion. */
  finalSha256?: string | null;
  /** Sequence number and hash of the last audit event: removing events at the end of the chain shows. */
  auditSeq?: number;
  auditHead?: string | null;
  /** When the document reached completed, declined, expired or cancelled: retention counts from here. */
  endedAt?: Date | null;
  /** A legal hold keeps the document past its retention period until released. */
  legalHold?: boolean;
  legalHoldReason?: string | null;
  /** Retention erased the audit events up to this one; the chain resumes from its hash. */
  auditErasedSeq?: number;
  auditErasedHead?: string | null;
  /** Lower-cased title, code, signer names and e-mail addresses, for GET /documents?q= (erased with them). */
  searchText?: string | null;
  /** Long-term renewal: expiry of the newest document timestamp's TSA certificate, its algorithms, the last renewal. */
  ltaExpiresAt?: Date | null;
  ltaAlgorithms?: string | null;
  ltaRenewedAt?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}
export type SignerStatus = 'pending' | 'signed' | 'declined';
export interface SignerAttributes {
  id: string;
  documentId: string;
  position: number;
  name: string;
  email: string;
  /** `email-otp` or `oidc:<provider>`. */
  authMethod: string;
  language: 'nb' | 'en';
  expectedName: string | null;
  /** The pinned national identity number, sealed under the KEK (never stored in the clear or as a guessable hash). */
  expectedNationalIdSealed: string | null;
  status: SignerStatus;
  invitedAt: Date | null;
  remindedAt: Date | null;
  openedAt: Date | null;
  authenticatedAt: Date | null;
  signedAt: Date | null;
  declinedAt: Date | null;
  declineReason: string | null;
  /** The proven identity as recorded (JSON, national identity numbers masked). */
  identity: string | null;
  createdAt?: Date;
  updatedAt?: Date;
}
export interface SigningLinkAttributes { id: string; signerId: string; tokenHash: string; expiresAt: Date; revokedAt: Date | null; createdAt?: Date }
export interface SignerChallengeAttributes {
  id: string;
  signerId: string;
  kind: 'otp' | 'oidc';
  secretHash: string;
  stateHash: string | null;
  /** Encrypted (KEK) details the challenge needs later: the OIDC PKCE verifier, nonce and return link. */
  payload: string | null;
  attempts: number;
  expiresAt: Date;
  consumedAt: Date | null;
  ip: string | null;
  createdAt?: Date;
}
export interface SignerSessionAttributes {
  id: string;
  signerId: string;
  tokenHash: string;
  method: string;
  /** The identity this session proved (JSON, as on the signer once they sign with it). */
  identity: string | null;
  expiresAt: Date;
  createdAt?: Date;
}
export interface AuditEventAttributes {
  id: string;
  documentId: string;
  seq: number;
  type: string;
  /** ISO 8601 UTC with milliseconds, exactly as hashed. */
  at: string;
  actor: string;
  ip: string | null;
  userAgent: string | null;
  data: string;
  prevHash: string;
  hash: string;
  /** Base64 DER RFC 3161 token over `hash` (signing events). */
  timestampToken: string | null;
}
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';
export interface JobAttributes {
  id: string;
  kind: string;
  dedupeKey: string | null;
  payload: string;
  status: JobStatus;
  attempts: number;
  runAt: Date;
  lockedUntil: Date | null;
  lockedBy: string | null;
  lastError: string | null;
  /** The document the job is about, when it is about one (retention erases its finished jobs with it). */
  documentId?: string | null;
  /** What outside service the job waits for (`timestamp-authority`), and since when; null when it waits for nothing. */
  waitingFor?: string | null;
  waitingSince?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}
export interface WebhookAttributes {
  id: string;
  url: string;
  secretWrapped: string;
  /** JSON array of event types (`*` for all). */
  events: string;
  folderId: string | null;
  createdBy: string | null;
  disabledAt: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}
export interface WebhookDeliveryAttributes {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  documentId: string | null;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}
export interface DocumentKeyAttributes { documentId: string; wrappedKey: string; kekId: string; createdAt?: Date; updatedAt?: Date }
/** `renewed`: the final PDF with later long-term evidence (DSS, document timestamp) appended; the newest one is served. */
export interface DocumentBlobAttributes { id: string; documentId: string; kind: 'original' | 'final' | 'renewed'; blobName: string; sha256: string; sizeBytes: number; createdAt?: Date }
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
export interface ScheduledLeaseAttributes { name: string; holder: string; expiresAt: Date }
export interface AuthThrottleAttributes { key: string; failures: number; blockedUntil: Date | null; lastFailureAt: Date | null }

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
  ScheduledLease: Static<ScheduledLeaseAttributes>;
  AuthThrottle: Static<AuthThrottleAttributes>;
  Signer: Static<SignerAttributes>;
  SigningLink: Static<SigningLinkAttributes>;
  SignerChallenge: Static<SignerChallengeAttributes>;
  SignerSession: Static<SignerSessionAttributes>;
  AuditEvent: Static<AuditEventAttributes>;
  Job: Static<JobAttributes>;
  Webhook: Static<WebhookAttributes>;
  WebhookDelivery: Static<WebhookDeliveryAttributes>;
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
    Folder: define<FolderAttributes>('Folder', 'folders', { id: key, name: str(200), parentId: str(40, true), retentionDays: { type: DataTypes.INTEGER, allowNull: true } }),
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
      signingOrder: { ...str(16), defaultValue: 'parallel' },
      language: { ...str(8), defaultValue: 'nb' },
      sentAt: date(),
      expiresAt: date(),
      completedAt: date(),
      sealedAt: date(),
      sealedLevel: str(8, true),
      finalSha256: str(64, true),
      auditSeq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      auditHead: str(64, true),
      endedAt: date(),
      legalHold: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      legalHoldReason: str(500, true),
      auditErasedSeq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      auditErasedHead: str(64, true),
      searchText: { type: DataTypes.TEXT, allowNull: true },
      ltaExpiresAt: date(),
      ltaAlgorithms: str(200, true),
      ltaRenewedAt: date(),
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
    ScheduledLease: define<ScheduledLeaseAttributes>('ScheduledLease', 'scheduled_leases', { name: { ...str(100), primaryKey: true }, holder: str(100), expiresAt: date(false) }, { timestamps: false }),
    AuthThrottle: define<AuthThrottleAttributes>('AuthThrottle', 'auth_throttles', {
      key: { ...str(400), primaryKey: true },
      failures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      blockedUntil: date(),
      lastFailureAt: date(),
    }, { timestamps: false }),
    Signer: define<SignerAttributes>('Signer', 'signers', {
      id: key,
      documentId: str(40),
      position: { type: DataTypes.INTEGER, allowNull: false },
      name: str(200),
      email: str(320),
      authMethod: str(80),
      language: str(8),
      expectedName: str(200, true),
      expectedNationalIdSealed: { type: DataTypes.TEXT, allowNull: true },
      status: str(16),
      invitedAt: date(),
      remindedAt: date(),
      openedAt: date(),
      authenticatedAt: date(),
      signedAt: date(),
      declinedAt: date(),
      declineReason: str(500, true),
      identity: { type: DataTypes.TEXT, allowNull: true },
    }),
    SigningLink: define<SigningLinkAttributes>('SigningLink', 'signing_links', { id: key, signerId: str(40), tokenHash: str(64), expiresAt: date(false), revokedAt: date() }, { updatedAt: false }),
    SignerChallenge: define<SignerChallengeAttributes>('SignerChallenge', 'signer_challenges', {
      id: key,
      signerId: str(40),
      kind: str(16),
      secretHash: str(64),
      stateHash: str(64, true),
      payload: { type: DataTypes.TEXT, allowNull: true },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      expiresAt: date(false),
      consumedAt: date(),
      ip: str(64, true),
    }, { updatedAt: false }),
    SignerSession: define<SignerSessionAttributes>('SignerSession', 'signer_sessions', { id: key, signerId: str(40), tokenHash: str(64), method: str(80), identity: { type: DataTypes.TEXT, allowNull: true }, expiresAt: date(false) }, { updatedAt: false }),
    AuditEvent: define<AuditEventAttributes>('AuditEvent', 'audit_events', {
      id: key,
      documentId: str(40),
      seq: { type: DataTypes.INTEGER, allowNull: false },
      type: str(60),
      at: str(30),
      actor: str(400),
      ip: str(64, true),
      userAgent: str(400, true),
      data: { type: DataTypes.TEXT, allowNull: false },
      prevHash: str(64),
      hash: str(64),
      timestampToken: { type: DataTypes.TEXT, allowNull: true },
    }, { timestamps: false }),
    Job: define<JobAttributes>('Job', 'jobs', {
      id: key,
      kind: str(40),
      dedupeKey: str(200, true),
      payload: { type: DataTypes.TEXT, allowNull: false },
      status: str(16),
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      runAt: date(false),
      lockedUntil: date(),
      lockedBy: str(80, true),
      lastError: str(1000, true),
      documentId: str(40, true),
      waitingFor: str(40, true),
      waitingSince: date(),
    }),
    Webhook: define<WebhookAttributes>('Webhook', 'webhooks', {
      id: key,
      url: str(2000),
      secretWrapped: { type: DataTypes.TEXT, allowNull: false },
      events: { type: DataTypes.TEXT, allowNull: false },
      folderId: str(40, true),
      createdBy: str(40, true),
      disabledAt: date(),
    }),
    WebhookDelivery: define<WebhookDeliveryAttributes>('WebhookDelivery', 'webhook_deliveries', {
      id: key,
      webhookId: str(40),
      eventId: str(40),
      eventType: str(60),
      documentId: str(40, true),
      payload: { type: DataTypes.TEXT, allowNull: false },
      status: str(16),
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      responseStatus: { type: DataTypes.INTEGER, allowNull: true },
      lastError: str(1000, true),
      nextAttemptAt: date(),
      deliveredAt: date(),
    }),
  };
}
