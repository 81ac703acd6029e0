import { Op, type WhereOptions } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { WebhookDeliveryAttributes } from '../../storage/models/webhook-delivery.js';
import type { FolderAccess } from '../access/folder-access.js';
import { isoTimeOrNull as iso } from '../iso-time.js';
import { findVisibleWebhook } from './find-visible-webhook.js';
import { decodeCursor, NEWEST_FIRST, olderThan, pageOf } from '../keyset-page.js';

/** One row of a webhook's delivery log (the payload itself is what the receiver got; fetch it there). */
export interface WebhookDeliveryView {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  documentId: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export function toWebhookDeliveryView(row: WebhookDeliveryAttributes): WebhookDeliveryView {
  return {
    id: row.id,
    webhookId: row.webhookId,
    eventId: row.eventId,
    eventType: row.eventType,
    documentId: row.documentId,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.responseStatus,
    lastError: row.lastError,
    nextAttemptAt: iso(row.nextAttemptAt),
    deliveredAt: iso(row.deliveredAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export const DELIVERY_PAGE_DEFAULT = 50;
export const DELIVERY_PAGE_MAX = 100;

/** A webhook's delivery log, newest first, in pages of `limit` (keyset: pass the previous page's `nextCursor`). */
export async function listWebhookDeliveries(options: {
  db: Database;
  access: FolderAccess;
  webhookId: string;
  limit?: number;
  cursor?: string;
  status?: WebhookDeliveryAttributes['status'];
}): Promise<{ deliveries: WebhookDeliveryView[]; nextCursor: string | null }> {
  const { db } = options;
  const webhook = await findVisibleWebhook({ db, access: options.access, webhookId: options.webhookId });
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? DELIVERY_PAGE_DEFAULT), 1), DELIVERY_PAGE_MAX);
  const conditions: WhereOptions<WebhookDeliveryAttributes>[] = [{ webhookId: webhook.id }];
  if (options.status) conditions.push({ status: options.status });
  if (options.cursor) {
    conditions.push(olderThan(db.sequelize, decodeCursor(options.cursor)));
  }
  const rows = await db.models.WebhookDelivery.findAll({
    where: { [Op.and]: conditions },
    order: NEWEST_FIRST,
    limit: limit + 1,
    raw: true,
  });
  const { page, nextCursor } = pageOf(rows, limit);
  return { deliveries: page.map(toWebhookDeliveryView), nextCursor };
}
