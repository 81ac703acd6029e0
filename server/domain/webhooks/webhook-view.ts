import type { WebhookAttributes } from '../../storage/models/webhook.js';
import { isoTimeOrNull } from '../iso-time.js';

/** What the API shows about a webhook: never the secret, wrapped or not. */
export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  folderId: string | null;
  createdBy: string | null;
  createdAt: string | null;
  disabledAt: string | null;
}

export function toWebhookView(row: WebhookAttributes): WebhookView {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    folderId: row.folderId,
    createdBy: row.createdBy,
    createdAt: isoTimeOrNull(row.createdAt),
    disabledAt: isoTimeOrNull(row.disabledAt),
  };
}
