import type { Database } from '../../storage/database.js';
import type { Sealer } from '../sealer.js';

/**
 * Gets an RFC 3161 token over an audit event's hash (the SHA-256 value itself is the message imprint) and stores
 * it with the event. Throws while no TSA answers; the caller retries (a job), never falls back to the local clock.
 */
export async function timestampAuditEvent(options: {
  db: Database;
  sealer: Sealer;
  eventId: string;
  timeoutMs?: number;
}): Promise<void> {
  const event = await options.db.models.AuditEvent.findByPk(options.eventId, {
    attributes: ['id', 'hash', 'timestampToken'],
    raw: true,
  });
  if (!event || event.timestampToken) return;
  const digest = Buffer.from(event.hash, 'hex');
  const result = await options.sealer.requestTimestamp({ digest, timeoutMs: options.timeoutMs });
  await options.db.models.AuditEvent.update(
    { timestampToken: Buffer.from(result.token).toString('base64') },
    { where: { id: event.id, timestampToken: null } },
  );
}
