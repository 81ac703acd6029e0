import type { AuditEventView } from '../audit/audit-event-view.js';

/**
 * What a webhook receives for an audit event: the event's identity, type and time, and the document it concerns;
 * no IP addresses, user agents or identity claims (receivers fetch details over the API with their token).
 */
export function webhookPayloadOf(event: AuditEventView): Record<string, unknown> {
  const { actor } = event;
  return {
    id: event.id,
    type: event.type,
    at: event.at,
    documentId: event.documentId,
    seq: event.seq,
    actor:
      actor.kind === 'signer'
        ? { kind: 'signer', id: actor.id }
        : actor.kind === 'staff'
          ? { kind: 'staff', id: actor.id }
          : { kind: 'system' },
    data: pickPublicData(event.data),
  };
}

const PUBLIC_KEYS = ['status', 'signerId', 'level', 'sha256', 'finalSha256', 'reason', 'method'];

function pickPublicData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => PUBLIC_KEYS.includes(key)));
}
