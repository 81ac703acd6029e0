import type { AuditEventType } from '../audit/append-audit-event.js';

/** Every audit event type a webhook may subscribe to (or `*` for all of them). */
export const WEBHOOK_EVENT_TYPES = [
  'document.created',
  'document.sent',
  'document.cancelled',
  'document.expired',
  'document.completed',
  'document.sealed',
  'document.failed',
  'document.downloaded',
  'document.deleted',
  'document.held',
  'document.released',
  'key.exported',
  'document.renewed',
  'signer.added',
  'signer.updated',
  'signer.removed',
  'signer.reordered',
  'signer.invited',
  'signer.delivered',
  'signer.reminded',
  'signer.opened',
  'signer.challenged',
  'signer.authenticated',
  'signer.signed',
  'signer.declined',
  'signer.refused',
] as const satisfies readonly AuditEventType[];

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Compile-time check: a new AuditEventType that is missing above fails `tsc` here (add it to the list). */
type MissingEventTypes = Exclude<AuditEventType, WebhookEventType>;
const everyTypeListed: [MissingEventTypes] extends [never] ? true : MissingEventTypes = true;
void everyTypeListed;

export const ALL_EVENTS = '*';

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
