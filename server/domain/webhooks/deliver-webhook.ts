import type { Database } from '../../storage/database.js';
import type { Logger } from '../../lib/logger.js';
import { SeglError } from '../../lib/errors.js';
import { candidateKeysOf, type KekSource } from '../keys/key-ring.js';
import { resolveOutbound } from '../../lib/outbound-fetch.js';
import { openWebhookSecret } from './webhook-secret.js';
import { signWebhookBody } from './webhook-signature.js';
import { sendWebhookRequest, type WebhookTransport } from './send-webhook-request.js';
import { webhookHostOf } from './webhook-url.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const WEBHOOK_MAX_RESPONSE_BYTES = 1024;
export const WEBHOOK_USER_AGENT = 'Segl-Webhooks/1';

export interface DeliveryOutcome {
  /** `skipped`: nothing to send (delivered already, given up, or the webhook was deleted). */
  status: 'delivered' | 'retry' | 'failed' | 'skipped';
  attempts: number;
  responseStatus: number | null;
}

/** Printable, single-line, short: what the delivery log shows of an error or of a receiver's answer. */
function describe(text: string, max = 300): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, max);
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return describe(code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message);
  }
  return describe(String(error));
}

/**
 * Sends one webhook delivery: POSTs the stored JSON payload, signed with the webhook's secret
 * (`Segl-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`). A 2xx answer marks it delivered.
 * Anything else (another status, a redirect, a timeout, a refused address) is recorded on the delivery and thrown,
 * so the job queue tries again later; on the `finalAttempt` the delivery is marked failed first.
 * The target is checked again on every attempt (DNS can change), and once more at connect time.
 */
export interface DeliverWebhookOptions {
  db: Database;
  kek: KekSource;
  deliveryId: string;
  now: Date;
  allowPrivateNetwork: boolean;
  /** The job's last attempt: a failure now marks the delivery `failed`. */
  finalAttempt?: boolean;
  /** When the job queue will try again (shown in the delivery log as nextAttemptAt). */
  retryAt?: Date | null;
  transport?: WebhookTransport;
  timeoutMs?: number;
  logger?: Logger;
}

/** What the deliveries of one appliance share: all of DeliverWebhookOptions but the delivery and its attempt. */
export type WebhookDeliverySetup = Omit<DeliverWebhookOptions, 'deliveryId' | 'now' | 'finalAttempt' | 'retryAt'>;

export async function deliverWebhook(options: DeliverWebhookOptions): Promise<DeliveryOutcome> {
  const { db, now } = options;
  const { Webhook, WebhookDelivery } = db.models;
  const delivery = await WebhookDelivery.findByPk(options.deliveryId, { raw: true });
  if (delivery?.status !== 'pending')
    return { status: 'skipped', attempts: delivery?.attempts ?? 0, responseStatus: delivery?.responseStatus ?? null };
  const webhook = await Webhook.findByPk(delivery.webhookId, { raw: true });
  if (!webhook || webhook.disabledAt) {
    await WebhookDelivery.update(
      { status: 'failed', lastError: 'webhook deleted', nextAttemptAt: null, updatedAt: now },
      { where: { id: delivery.id, status: 'pending' } },
    );
    return { status: 'skipped', attempts: delivery.attempts, responseStatus: delivery.responseStatus };
  }

  const attempts = delivery.attempts + 1;
  const log = options.logger?.child({
    deliveryId: delivery.id,
    webhookId: webhook.id,
    host: webhookHostOf(webhook.url),
    attempt: attempts,
  });
  let responseStatus: number | null = null;
  let failure: string;
  try {
    await resolveOutbound({ url: new URL(webhook.url), policy: { allowPrivateNetwork: options.allowPrivateNetwork } });
    const secret = openWebhookSecret({
      kek: await candidateKeysOf(options.kek),
      webhookId: webhook.id,
      stored: webhook.secretWrapped,
    });
    const body = delivery.payload;
    const timestamp = Math.floor(now.getTime() / 1000);
    const response = await (options.transport ?? sendWebhookRequest)({
      url: webhook.url,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': WEBHOOK_USER_AGENT,
        'Segl-Event': delivery.eventType,
        'Segl-Delivery': delivery.id,
        'Segl-Signature': signWebhookBody({ secret, timestamp, body }),
      },
      body,
      timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: WEBHOOK_MAX_RESPONSE_BYTES,
      allowPrivateNetwork: options.allowPrivateNetwork,
    });
    responseStatus = response.status;
    if (response.status >= 200 && response.status < 300) {
      await WebhookDelivery.update(
        {
          status: 'delivered',
          attempts,
          responseStatus,
          lastError: null,
          nextAttemptAt: null,
          deliveredAt: now,
          updatedAt: now,
        },
        { where: { id: delivery.id, status: 'pending' } },
      );
      log?.info({ responseStatus }, 'webhook delivered');
      return { status: 'delivered', attempts, responseStatus };
    }
    const answer = describe(response.body, 200);
    failure =
      response.status >= 300 && response.status < 400
        ? `HTTP ${response.status}: redirects are not followed`
        : `HTTP ${response.status}${answer ? `: ${answer}` : ''}`;
  } catch (error) {
    failure = errorText(error);
  }

  const final = options.finalAttempt === true;
  await WebhookDelivery.update(
    {
      status: final ? 'failed' : 'pending',
      attempts,
      responseStatus,
      lastError: failure.slice(0, 1000),
      nextAttemptAt: final ? null : (options.retryAt ?? null),
      updatedAt: now,
    },
    { where: { id: delivery.id, status: 'pending' } },
  );
  log?.warn(
    { responseStatus, error: failure, final },
    final ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry',
  );
  throw new SeglError({ code: 'webhook_delivery_failed', message: failure });
}

/**
 * One attempt of the `deliver-webhook` job: deliverWebhook records its own failures; a final attempt that could not
 * record one (a database error, say) still leaves the delivery `failed` when the database answers again.
 */
export async function attemptWebhookDelivery(options: DeliverWebhookOptions): Promise<DeliveryOutcome> {
  try {
    return await deliverWebhook(options);
  } catch (error) {
    if (options.finalAttempt) {
      await options.db.models.WebhookDelivery.update(
        { status: 'failed', nextAttemptAt: null, updatedAt: options.now },
        { where: { id: options.deliveryId, status: 'pending' } },
      ).catch(() => undefined);
    }
    throw error;
  }
}
