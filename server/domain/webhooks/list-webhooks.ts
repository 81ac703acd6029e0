import { Op, type WhereOptions } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { WebhookAttributes } from '../../storage/models/webhook.js';
import type { FolderAccess } from '../access/folder-access.js';
import { canManageWebhook } from './find-visible-webhook.js';
import { toWebhookView, type WebhookView } from './webhook-view.js';

/** The webhooks the caller manages (administrators: all), newest first; disabled ones only when asked. */
export async function listWebhooks(options: {
  db: Database;
  access: FolderAccess;
  includeDisabled?: boolean;
}): Promise<WebhookView[]> {
  const { db, access } = options;
  const where: WhereOptions<WebhookAttributes> = options.includeDisabled ? {} : { disabledAt: null };
  if (!access.isAdmin) {
    const visible = access.visibleFolderIds() as string[];
    if (!visible.length) return [];
    Object.assign(where, { folderId: { [Op.in]: visible } });
  }
  const rows = await db.models.Webhook.findAll({
    where,
    order: [
      ['createdAt', 'DESC'],
      ['id', 'DESC'],
    ],
    raw: true,
  });
  return rows.filter((row) => canManageWebhook(access, row)).map(toWebhookView);
}
