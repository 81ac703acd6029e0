import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { bindContext } from '../bind-context.js';
import type { KeyRing } from '../keys/key-ring.js';
import { createWebhook } from './create-webhook.js';
import { deleteWebhook } from './delete-webhook.js';
import { listWebhookDeliveries } from './list-webhook-deliveries.js';
import { listWebhooks } from './list-webhooks.js';
import { redeliverWebhook } from './redeliver-webhook.js';

/** Webhooks on folders and their delivery log. */
export function createWebhookService(context: {
  db: Database;
  clock: Clock;
  keyRing: KeyRing;
  /** SEGL_WEBHOOK_ALLOW_PRIVATE_NETWORK */
  allowPrivateNetwork: boolean;
}) {
  const { db, clock } = context;
  const bind = bindContext({ db, clock });
  return {
    // secrets are wrapped through the key ring, so webhooks keep working across `segl keys rotate`
    create: bindContext({ db, clock, kek: context.keyRing, allowPrivateNetwork: context.allowPrivateNetwork })(
      createWebhook,
    ),
    list: bind(listWebhooks),
    delete: bind(deleteWebhook),
    deliveries: bind(listWebhookDeliveries),
    redeliver: bind(redeliverWebhook),
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
