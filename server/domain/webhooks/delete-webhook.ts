import { Op } from 'sequelize';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { staffActionOf } from '../staff-events/staff-action.js';
import { findVisibleWebhook, type WebhookAction } from './find-visible-webhook.js';
import { webhookHostOf } from './webhook-url.js';

/**
 * Disables a webhook (the row and its delivery log stay): no new deliveries are queued for it and pending ones
 * are marked failed. Deleting one that is already disabled changes nothing.
 */
export async function deleteWebhook(options: WebhookAction): Promise<void> {
  const { db, clock, access } = options;
  await db.transaction(async (transaction) => {
    const webhook = await findVisibleWebhook({ db, access, webhookId: options.webhookId, transaction });
    if (webhook.disabledAt) return;
    const now = clock.now();
    await db.models.Webhook.update({ disabledAt: now, updatedAt: now }, { where: { id: webhook.id }, transaction });
    await db.models.WebhookDelivery.update(
      { status: 'failed', lastError: 'webhook deleted', nextAttemptAt: null, updatedAt: now },
      { where: { webhookId: webhook.id, status: { [Op.eq]: 'pending' } }, transaction },
    );
    await recordStaffEvent({
      ...staffActionOf(options),
      action: 'webhook.deleted',
      targetType: 'webhook',
      targetId: webhook.id,
      data: { host: webhookHostOf(webhook.url), folderId: webhook.folderId },
      transaction,
    });
  });
}
