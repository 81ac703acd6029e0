import type { Sequelize } from 'sequelize';
import { defineApiToken } from './api-token.js';
import { defineAuditEvent } from './audit-event.js';
import { defineAuthThrottle } from './auth-throttle.js';
import { defineDocument } from './document.js';
import { defineDocumentBlob } from './document-blob.js';
import { defineDocumentKey } from './document-key.js';
import { defineFolder } from './folder.js';
import { defineGrant } from './grant.js';
import { defineGroup } from './group.js';
import { defineGroupMember } from './group-member.js';
import { defineIdempotencyKey } from './idempotency-key.js';
import { defineJob } from './job.js';
import { defineScheduledLease } from './scheduled-lease.js';
import { defineSession } from './session.js';
import { defineSetting } from './setting.js';
import { defineSigner } from './signer.js';
import { defineSignerChallenge } from './signer-challenge.js';
import { defineSignerSession } from './signer-session.js';
import { defineSigningLink } from './signing-link.js';
import { defineStaffEvent } from './staff-event.js';
import { defineUser } from './user.js';
import { defineWebhook } from './webhook.js';
import { defineWebhookDelivery } from './webhook-delivery.js';

/** Every model by name; the file beside this one that defines it holds its attributes and columns. */
const MODEL_DEFINERS = {
  User: defineUser,
  Group: defineGroup,
  GroupMember: defineGroupMember,
  Folder: defineFolder,
  Grant: defineGrant,
  Document: defineDocument,
  DocumentKey: defineDocumentKey,
  DocumentBlob: defineDocumentBlob,
  ApiToken: defineApiToken,
  Session: defineSession,
  IdempotencyKey: defineIdempotencyKey,
  StaffEvent: defineStaffEvent,
  Setting: defineSetting,
  ScheduledLease: defineScheduledLease,
  AuthThrottle: defineAuthThrottle,
  Signer: defineSigner,
  SigningLink: defineSigningLink,
  SignerChallenge: defineSignerChallenge,
  SignerSession: defineSignerSession,
  AuditEvent: defineAuditEvent,
  Job: defineJob,
  Webhook: defineWebhook,
  WebhookDelivery: defineWebhookDelivery,
};

export type Models = { [Name in keyof typeof MODEL_DEFINERS]: ReturnType<(typeof MODEL_DEFINERS)[Name]> };

/** The models over the tables of the migrations (never `sync()`: the schema comes from migrations only). */
export function defineModels(sequelize: Sequelize): Models {
  const entries = Object.entries(MODEL_DEFINERS).map(([name, define]) => [name, define(sequelize)]);
  return Object.fromEntries(entries) as Models;
}
