import { randomBytes } from 'node:crypto';
import type { Database } from '../../storage/database.js';
import { unwrapSecretWithAny, wrapSecret } from '../../crypto/key-encryption-key.js';
import { rewrapUnderNewKek, type KekRotationKeys } from '../../crypto/rewrap-under-new-kek.js';

/** Webhook signing secrets: `whsec_` and 32 random bytes in base64url, shown once, stored wrapped by the KEK. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

const label = (webhookId: string) => `segl/webhook-secret/${webhookId}`;

export function createWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/** The stored form: base64 of the secret wrapped under the KEK (the label binds it to the webhook). */
export function sealWebhookSecret(options: { kek: Uint8Array; webhookId: string; secret: string }): string {
  const wrapped = wrapSecret({
    kek: options.kek,
    plaintext: new TextEncoder().encode(options.secret),
    label: label(options.webhookId),
  });
  return Buffer.from(wrapped).toString('base64');
}

/** Opens a stored secret with the first candidate KEK that fits (during a key rotation there are two). */
export function openWebhookSecret(options: {
  kek: Uint8Array | Uint8Array[];
  webhookId: string;
  stored: string;
}): string {
  const keks = Array.isArray(options.kek) ? options.kek : [options.kek];
  const wrapped = new Uint8Array(Buffer.from(options.stored, 'base64'));
  return new TextDecoder().decode(unwrapSecretWithAny({ keks, wrapped, label: label(options.webhookId) }));
}

/**
 * For `segl keys rotate`: re-wraps every webhook secret under the new KEK. Secrets carry no KEK id, so one that
 * already opens with the new key is done (a rerun after an interruption skips it). Returns how many changed.
 */
export async function rewrapWebhookSecrets(options: KekRotationKeys & { db: Database }): Promise<number> {
  const webhooks = await options.db.models.Webhook.findAll({ attributes: ['id', 'secretWrapped'], raw: true });
  let count = 0;
  for (const webhook of webhooks) {
    const secretWrapped = rewrapUnderNewKek({
      oldKek: options.oldKek,
      newKek: options.newKek,
      subject: `webhook ${webhook.id}'s secret`,
      open: (kek) => openWebhookSecret({ kek, webhookId: webhook.id, stored: webhook.secretWrapped }),
      seal: (kek, secret) => sealWebhookSecret({ kek, webhookId: webhook.id, secret }),
    });
    if (secretWrapped === undefined) continue;
    await options.db.models.Webhook.update(
      { secretWrapped },
      { where: { id: webhook.id, secretWrapped: webhook.secretWrapped } },
    );
    count += 1;
  }
  return count;
}
