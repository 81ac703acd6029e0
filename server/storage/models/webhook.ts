import type { Sequelize } from 'sequelize';
import { date, defineModel, key, str, text, type ModelOf } from './model-definition.js';

export interface WebhookAttributes {
  id: string;
  url: string;
  secretWrapped: string;
  /** JSON array of event types (`*` for all). */
  events: string;
  folderId: string | null;
  createdBy: string | null;
  disabledAt: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** An HTTPS endpoint told about document events (signed with its secret, which is wrapped by the KEK). */
export function defineWebhook(sequelize: Sequelize): ModelOf<WebhookAttributes> {
  return defineModel(sequelize, 'Webhook', 'webhooks', {
    id: key,
    url: str(2000),
    secretWrapped: text(),
    events: text(),
    folderId: str(40, true),
    createdBy: str(40, true),
    disabledAt: date(),
  });
}
