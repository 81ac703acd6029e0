import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { WebhookAttributes } from '../../storage/models/webhook.js';
import { notFound, type FolderAccess } from '../access/folder-access.js';
import type { FolderStaffAction } from '../staff-events/staff-action.js';

/** Administrators see every webhook; members those on folders they manage (or below them). */
export function canManageWebhook(access: FolderAccess, webhook: Pick<WebhookAttributes, 'folderId'>): boolean {
  if (access.isAdmin) return true;
  return webhook.folderId !== null && access.can(webhook.folderId, 'manager');
}

/** What a change to one webhook (delete, redeliver) gets: the caller's access, the webhook, the request's IP. */
export interface WebhookAction extends FolderStaffAction {
  webhookId: string;
}

/** A webhook the caller may manage, or 404 `not_found` (whether it exists elsewhere or not: no existence oracle). */
export async function findVisibleWebhook(options: {
  db: Database;
  access: FolderAccess;
  webhookId: string;
  transaction?: Transaction;
}): Promise<WebhookAttributes> {
  const webhook = await options.db.models.Webhook.findByPk(options.webhookId, {
    raw: true,
    transaction: options.transaction,
  });
  if (!webhook || !canManageWebhook(options.access, webhook)) throw notFound('webhook');
  return webhook;
}
