import type { Database } from '../domain/database.js';
import type { KekSource } from '../domain/keys/key-ring.js';
import { retryDelayMs } from '../domain/jobs/job-queue.js';
import { deliverWebhook } from '../domain/webhooks/deliver-webhook.js';
import type { WebhookTransport } from '../domain/webhooks/send-webhook-request.js';
import type { Logger } from '../lib/logger.js';
import type { JobHandler } from './job-runner.js';

/**
 * Attempts per delivery: with the queue's backoff (2 s, 4 s ... capped at 15 minutes) 20 attempts span about
 * 2 h 50 min before a delivery is marked failed.
 */
export const DELIVER_WEBHOOK_MAX_ATTEMPTS = 20;

/** The `deliver-webhook` job: payload `{deliveryId}`; a failed attempt throws, so the runner retries with backoff. */
export function createDeliverWebhookHandler(deps: {
  db: Database;
  kek: KekSource;
  allowPrivateNetwork: boolean;
  logger?: Logger;
  maxAttempts?: number;
  transport?: WebhookTransport;
  timeoutMs?: number;
}): JobHandler {
  const maxAttempts = deps.maxAttempts ?? DELIVER_WEBHOOK_MAX_ATTEMPTS;
  return {
    maxAttempts,
    async perform(job, { now }) {
      const deliveryId = job.payload.deliveryId;
      if (typeof deliveryId !== 'string') throw new Error('deliver-webhook job without a deliveryId');
      const finalAttempt = job.attempts >= maxAttempts;
      try {
        await deliverWebhook({
          db: deps.db,
          kek: deps.kek,
          deliveryId,
          now,
          allowPrivateNetwork: deps.allowPrivateNetwork,
          finalAttempt,
          retryAt: new Date(now.getTime() + retryDelayMs(job.attempts)),
          transport: deps.transport,
          timeoutMs: deps.timeoutMs,
          logger: deps.logger,
        });
      } catch (error) {
        // deliverWebhook records its own failures; this covers one it could not record (a database error, say)
        if (finalAttempt) {
          await deps.db.models.WebhookDelivery.update(
            { status: 'failed', nextAttemptAt: null, updatedAt: now },
            { where: { id: deliveryId, status: 'pending' } },
          ).catch(() => undefined);
        }
        throw error;
      }
    },
  };
}
