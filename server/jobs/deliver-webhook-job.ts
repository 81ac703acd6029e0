import { retryDelayMs } from '../domain/jobs/job-queue.js';
import { attemptWebhookDelivery, type WebhookDeliverySetup } from '../domain/webhooks/deliver-webhook.js';
import type { JobHandler } from './job-runner.js';

/**
 * Attempts per delivery: with the queue's backoff (2 s, 4 s ... capped at 15 minutes) 20 attempts span about
 * 2 h 50 min before a delivery is marked failed.
 */
export const DELIVER_WEBHOOK_MAX_ATTEMPTS = 20;

/** The `deliver-webhook` job: payload `{deliveryId}`; a failed attempt throws, so the runner retries with backoff. */
export function createDeliverWebhookHandler(deps: WebhookDeliverySetup & { maxAttempts?: number }): JobHandler {
  const { maxAttempts = DELIVER_WEBHOOK_MAX_ATTEMPTS, ...setup } = deps;
  return {
    maxAttempts,
    async perform(job, { now }) {
      const deliveryId = job.payload.deliveryId;
      if (typeof deliveryId !== 'string') throw new Error('deliver-webhook job without a deliveryId');
      const retryAt = new Date(now.getTime() + retryDelayMs(job.attempts));
      await attemptWebhookDelivery({ ...setup, deliveryId, now, finalAttempt: job.attempts >= maxAttempts, retryAt });
    },
  };
}
