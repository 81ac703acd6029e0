import type { AuditEventAttributes } from '../../storage/models/audit-event.js';
import type { AuditActor } from './audit-actor.js';

/** An audit event as the API and the PDF's attached JSON show it. */
export interface AuditEventView {
  id: string;
  documentId: string;
  seq: number;
  type: string;
  at: string;
  actor: AuditActor;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
  /** Base64 DER RFC 3161 token over the event hash (signing events). */
  timestampToken: string | null;
}

export function toAuditEventView(row: AuditEventAttributes): AuditEventView {
  return {
    id: row.id,
    documentId: row.documentId,
    seq: row.seq,
    type: row.type,
    at: row.at,
    actor: JSON.parse(row.actor) as AuditActor,
    ip: row.ip,
    userAgent: row.userAgent,
    data: JSON.parse(row.data) as Record<string, unknown>,
    prevHash: row.prevHash,
    hash: row.hash,
    timestampToken: row.timestampToken,
  };
}
