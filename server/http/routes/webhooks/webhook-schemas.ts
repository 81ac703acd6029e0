import { z } from 'zod';
import { idSchema } from '../openapi/common-schemas.js';
import { WEBHOOK_EVENT_TYPES } from '../../../domain/webhooks/webhook-events.js';

/** The URL is checked fully in the domain (absolute, https, no credentials, public address); here type and length. */
export const createWebhookBody = z.strictObject({
  url: z.string().min(1).max(2000).describe('https URL that receives POSTs (http only with SEGL_WEBHOOK_ALLOW_PRIVATE_NETWORK)'),
  events: z
    .array(z.enum([...WEBHOOK_EVENT_TYPES, '*']))
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length)
    .describe('audit event types to receive, or ["*"] for all'),
  folderId: idSchema.nullable().optional().describe('the folder (and everything below it) whose documents it covers; administrators may leave it out for all'),
});

export const listWebhooksQuery = z.object({
  includeDisabled: z.enum(['true', 'false']).optional().describe('also list deleted (disabled) webhooks'),
});

export const listDeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(500).regex(/^[A-Za-z0-9_-]*$/, 'not a cursor').optional(),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
});

export const createdWebhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  folderId: z.string().nullable(),
  secret: z.string().describe('whsec_..., shown once: the HMAC key for Segl-Signature'),
});

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  folderId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string().nullable(),
  disabledAt: z.string().nullable(),
});

export const webhookListSchema = z.object({ webhooks: z.array(webhookSchema) });

export const deliverySchema = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  documentId: z.string().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

export const deliveryListSchema = z.object({ deliveries: z.array(deliverySchema), nextCursor: z.string().nullable() });
