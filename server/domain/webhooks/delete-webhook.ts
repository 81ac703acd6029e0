import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import type { FolderAccess } from '../access/folder-access.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { findVisibleWebhook } from './find-visible-webhook.js';
import { webhookHostOf } from './webhook-url.js';

/**
 * Disables a webhook (the row and its delivery log stay): no new deliveries are queued for it and pending ones
 * are marked failed. Deleting one that is already disabled changes nothing.
 */
export async function deleteWebhook(options: {
  db: Database;
  clock: Clock;
  access: FolderAccess;
  webhookId: string;
  ip?: string | null;
}): Promise<void> {
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
      db,
      clock,
      actorId: access.principal.userId,
      action: 'webhook.deleted',
      targetType: 'webhook',
      targetId: webhook.id,
      ip: options.ip,
      data: { host: webhookHostOf(webhook.url), folderId: webhook.folderId },
      transaction,
    });
  });
}
