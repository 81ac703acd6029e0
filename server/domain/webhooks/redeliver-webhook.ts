import { SeglError } from '../../lib/errors.js';
import { enqueueJob } from '../jobs/job-queue.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { staffActionOf } from '../staff-events/staff-action.js';
import { findVisibleWebhook, type WebhookAction } from './find-visible-webhook.js';
import { toWebhookDeliveryView, type WebhookDeliveryView } from './list-webhook-deliveries.js';

/**
 * Sends a delivery again (after the receiver was fixed): a failed or delivered delivery goes back to pending
 * with a new job; the same payload and event id, so receivers can tell it is a repeat. Attempts keep counting.
 */
export async function redeliverWebhook(options: WebhookAction & { deliveryId: string }): Promise<WebhookDeliveryView> {
  const { db, clock, access } = options;
  return db.transaction(async (transaction) => {
    const webhook = await findVisibleWebhook({ db, access, webhookId: options.webhookId, transaction });
    const delivery = await db.models.WebhookDelivery.findOne({
      where: { id: options.deliveryId, webhookId: webhook.id },
      raw: true,
      transaction,
    });
    if (!delivery) throw new SeglError({ code: 'not_found', message: 'delivery not found' });
    if (webhook.disabledAt) {
      throw new SeglError({ code: 'webhook_disabled', message: 'this webhook is deleted; create a new one' });
    }
    if (delivery.status === 'pending') {
      throw new SeglError({ code: 'delivery_pending', message: 'this delivery is still being attempted' });
    }
    const now = clock.now();
    await db.models.WebhookDelivery.update(
      { status: 'pending', nextAttemptAt: now, updatedAt: now },
      { where: { id: delivery.id }, transaction },
    );
    await enqueueJob({ db, transaction, kind: 'deliver-webhook', payload: { deliveryId: delivery.id }, runAt: now });
    await recordStaffEvent({
      ...staffActionOf(options),
      action: 'webhook.redelivered',
      targetType: 'webhook',
      targetId: webhook.id,
      data: { deliveryId: delivery.id },
      transaction,
    });
    return toWebhookDeliveryView({ ...delivery, status: 'pending', nextAttemptAt: now, updatedAt: now });
  });
}
