import type { Sequelize } from 'sequelize';
import { counter, date, defineModel, integer, key, str, text, type ModelOf } from './model-definition.js';

export interface WebhookDeliveryAttributes {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  documentId: string | null;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** One event for one webhook: its payload and how its delivery went. */
export function defineWebhookDelivery(sequelize: Sequelize): ModelOf<WebhookDeliveryAttributes> {
  return defineModel(sequelize, 'WebhookDelivery', 'webhook_deliveries', {
    id: key,
    webhookId: str(40),
    eventId: str(40),
    eventType: str(60),
    documentId: str(40, true),
    payload: text(),
    status: str(16),
    attempts: counter(),
    responseStatus: integer(true),
    lastError: str(1000, true),
    nextAttemptAt: date(),
    deliveredAt: date(),
  });
}
