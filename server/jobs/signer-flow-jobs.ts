import type { SignerFlow } from '../domain/signer-flow/signer-flow.js';
import { sealDocument } from '../domain/signer-flow/seal-document.js';
import { sendQueuedMail } from '../domain/signer-flow/send-queued-mail.js';
import type { QueuedMail } from '../domain/signer-flow/queue-signer-mail.js';
import { timestampAuditEvent } from '../domain/signer-flow/timestamp-audit-event.js';
import type { JobHandler } from './job-runner.js';
import { isSeglError } from '../lib/errors.js';
import { recordSealingFailed } from '../domain/signer-flow/record-sealing-failed.js';
import { sendSenderNotice, type SenderNoticeJob } from '../domain/signer-flow/notify-sender.js';
import { WAITING_FOR_TIMESTAMP_AUTHORITY } from '../domain/jobs/job-queue.js';

/** Work that waits for a TSA looks again at least this often, so an outage's end is noticed within about a minute. */
const TSA_WAIT_MAX_BACKOFF_MS = 60_000;

function waitsForTimestampAuthority(error: unknown): string | undefined {
  return isSeglError(error) && error.code === 'timestamp_unavailable' ? WAITING_FOR_TIMESTAMP_AUTHORITY : undefined;
}

/**
 * A seal that fails on the document itself (a PDF the stamp cannot handle, a stored original that no longer matches
 * its hash, an audit chain that does not verify) fails again on every retry; TSA and storage outages do not.
 */
function isBrokenInput(error: unknown): boolean {
  if (!isSeglError(error)) return false;
  return error.status < 500 || error.code === 'document_unreadable' || error.code === 'audit_chain_broken';
}

/**
 * Sealing is retried for as long as it takes (a TSA outage delays it, never weakens it), at least once a minute
 * while it waits for a TSA; mail for about a day of backoff; a signing event's own timestamp like sealing.
 */
export function createSignerFlowJobHandlers(flow: SignerFlow): {
  'seal-document': JobHandler;
  'send-mail': JobHandler;
  'timestamp-event': JobHandler;
  'notify-sender': JobHandler;
} {
  return {
    'seal-document': {
      maxAttempts: Number.POSITIVE_INFINITY,
      perform: async (job) => {
        await sealDocument({ flow, documentId: String(job.payload.documentId) });
      },
      isPermanent: isBrokenInput,
      waitingFor: waitsForTimestampAuthority,
      maxBackoffMs: TSA_WAIT_MAX_BACKOFF_MS,
      onGiveUp: async (job, error) => {
        await recordSealingFailed({ flow, documentId: String(job.payload.documentId), error });
      },
    },
    'send-mail': {
      maxAttempts: 100,
      // a relay that refuses the recipient for good (5xx) will refuse every retry; 4xx and outages are retried
      isPermanent: (error) =>
        isSeglError(error) && typeof error.details?.responseCode === 'number' && error.details.responseCode >= 500,
      perform: async (job, { now }) => {
        await sendQueuedMail({ flow, mail: job.payload as unknown as QueuedMail, now });
      },
    },
    'notify-sender': {
      maxAttempts: 100,
      isPermanent: (error) =>
        isSeglError(error) && typeof error.details?.responseCode === 'number' && error.details.responseCode >= 500,
      perform: async (job) => {
        await sendSenderNotice({ flow, notice: job.payload as unknown as SenderNoticeJob });
      },
    },
    'timestamp-event': {
      maxAttempts: Number.POSITIVE_INFINITY,
      waitingFor: waitsForTimestampAuthority,
      maxBackoffMs: TSA_WAIT_MAX_BACKOFF_MS,
      perform: async (job) => {
        await timestampAuditEvent({ db: flow.archive.db, sealer: flow.sealer, eventId: String(job.payload.eventId) });
      },
    },
  };
}
