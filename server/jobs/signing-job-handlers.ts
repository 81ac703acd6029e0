import type { SigningServices } from '../domain/signing/signing-services.js';
import { sealDocument } from '../domain/signing/seal-document.js';
import { sendQueuedMail } from '../domain/signing/send-queued-mail.js';
import type { QueuedMail } from '../domain/signing/queue-signer-mail.js';
import { timestampAuditEvent } from '../domain/signing/timestamp-audit-event.js';
import type { JobHandler } from './job-runner.js';

/**
 * Sealing is retried for as long as it takes (a TSA outage delays it, never weakens it); mail for about a day
 * of backoff; a signing event's own timestamp like sealing.
 */
export function createSigningJobHandlers(services: SigningServices): { 'seal-document': JobHandler; 'send-mail': JobHandler; 'timestamp-event': JobHandler } {
  return {
    'seal-document': {
      maxAttempts: Number.POSITIVE_INFINITY,
      perform: async (job) => {
        await sealDocument({ services, documentId: String(job.payload.documentId) });
      },
    },
    'send-mail': {
      maxAttempts: 100,
      perform: async (job, { now }) => {
        await sendQueuedMail({ services, mail: job.payload as unknown as QueuedMail, now });
      },
    },
    'timestamp-event': {
      maxAttempts: Number.POSITIVE_INFINITY,
      perform: async (job) => {
        await timestampAuditEvent({ db: services.archive.db, signing: services.signing, eventId: String(job.payload.eventId) });
      },
    },
  };
}
