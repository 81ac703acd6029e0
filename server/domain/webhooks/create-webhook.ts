import { randomUUID } from 'node:crypto';
import { SeglError } from '../../lib/errors.js';
import { wrappingKeyOf, type KekSource } from '../keys/key-ring.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { staffActionOf, type FolderStaffAction } from '../staff-events/staff-action.js';
import { ALL_EVENTS, isWebhookEventType } from './webhook-events.js';
import { createWebhookSecret, sealWebhookSecret } from './webhook-secret.js';
import { checkWebhookUrl } from './webhook-url.js';

export interface CreatedWebhook {
  id: string;
  url: string;
  events: string[];
  folderId: string | null;
  /** `whsec_...`, shown once; only its KEK-wrapped form is stored. */
  secret: string;
}

/** A non-empty list of known audit event types without repeats, or exactly `["*"]`. */
export function checkWebhookEvents(events: readonly string[]): string[] {
  if (!events.length) {
    throw new SeglError({ code: 'invalid_webhook_events', message: 'events: give at least one event type, or "*"' });
  }
  if (events.includes(ALL_EVENTS)) {
    if (events.length !== 1) {
      throw new SeglError({ code: 'invalid_webhook_events', message: 'events: "*" stands alone' });
    }
    return [ALL_EVENTS];
  }
  const unknown = events.filter((type) => !isWebhookEventType(type));
  if (unknown.length) {
    throw new SeglError({
      code: 'unknown_event_type',
      message: `events: unknown event type ${JSON.stringify(unknown[0].slice(0, 60))}`,
    });
  }
  return [...new Set(events)];
}

/**
 * Registers a webhook. Administrators may cover one folder (and everything below it) or, without `folderId`, every
 * document; a member only a folder they manage. The target must be https (http only with private networks
 * allowed) and must not point into the private network unless the operator allows that.
 */
export async function createWebhook(
  options: FolderStaffAction & {
    kek: KekSource;
    url: string;
    events: readonly string[];
    folderId?: string | null;
    allowPrivateNetwork: boolean;
  },
): Promise<CreatedWebhook> {
  const { db, clock, access } = options;
  const folderId = options.folderId ?? null;
  access.requireFolderUnlessAdmin(folderId, 'folderId is required: a webhook covers a folder you manage');
  access.require(folderId, 'manager');
  const events = checkWebhookEvents(options.events);
  const url = (await checkWebhookUrl({ url: options.url, allowPrivateNetwork: options.allowPrivateNetwork })).href;

  const id = randomUUID();
  const secret = createWebhookSecret();
  const secretWrapped = sealWebhookSecret({ kek: await wrappingKeyOf(options.kek), webhookId: id, secret });
  const now = clock.now();
  await db.transaction(async (transaction) => {
    if (folderId !== null && !(await db.models.Folder.findByPk(folderId, { attributes: ['id'], transaction }))) {
      throw new SeglError({ code: 'not_found', message: 'folder not found' });
    }
    await db.models.Webhook.create(
      {
        id,
        url,
        secretWrapped,
        events: JSON.stringify(events),
        folderId,
        createdBy: access.principal.userId,
        disabledAt: null,
        createdAt: now,
        updatedAt: now,
      },
      { transaction },
    );
    await recordStaffEvent({
      ...staffActionOf(options),
      action: 'webhook.created',
      targetType: 'webhook',
      targetId: id,
      // the host only: webhook paths and queries often carry a receiver's own token
      data: { host: new URL(url).host, folderId, events },
      transaction,
    });
  });
  return { id, url, events, folderId, secret };
}
