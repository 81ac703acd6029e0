import type { Sequelize } from 'sequelize';
import { defineModel, integer, key, str, text, type ModelOf } from './model-definition.js';

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

/** One link of a document's audit hash chain. */
export function defineAuditEvent(sequelize: Sequelize): ModelOf<AuditEventAttributes> {
  const attributes = {
    id: key,
    documentId: str(40),
    seq: integer(),
    type: str(60),
    at: str(30),
    actor: str(400),
    ip: str(64, true),
    userAgent: str(400, true),
    data: text(),
    prevHash: str(64),
    hash: str(64),
    timestampToken: text(true),
  };
  return defineModel(sequelize, 'AuditEvent', 'audit_events', attributes, { timestamps: false });
}
