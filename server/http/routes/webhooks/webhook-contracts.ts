import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';
import { idSchema, idParam, pageQuery } from '../../contract/common-schemas.js';
import { WEBHOOK_EVENT_TYPES } from '../../../domain/webhooks/webhook-events.js';

/** The URL is checked fully in the domain (absolute, https, no credentials, public address); here type and length. */
export const createWebhookBody = z.strictObject({
  url: z
    .string()
    .min(1)
    .max(2000)
    .describe('https URL that receives POSTs (http only with SEGL_WEBHOOK_ALLOW_PRIVATE_NETWORK)'),
  events: z
    .array(z.enum([...WEBHOOK_EVENT_TYPES, '*']))
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length)
    .describe('audit event types to receive, or ["*"] for all'),
  folderId: idSchema
    .nullable()
    .optional()
    .describe(
      'the folder (and everything below it) whose documents it covers; administrators may leave it out for all',
    ),
});

export const listWebhooksQuery = z.object({
  includeDisabled: z.enum(['true', 'false']).optional().describe('also list deleted (disabled) webhooks'),
});

export const listDeliveriesQuery = z.object({
  ...pageQuery,
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

const webhookId = { id: idParam('webhook id') };

/** Webhooks and their delivery log: registered, validated and documented from here. */
export const webhookContracts = defineContracts('webhooks', {
  createWebhook: {
    method: 'post',
    path: '/api/v1/webhooks',
    auth: 'staff',
    scope: 'webhooks:write',
    summary:
      'Register a webhook (administrators: any folder or all; members: a folder they manage); the secret is shown once',
    access: { kind: 'folder-body', field: 'folderId', minimum: 'manager' },
    body: createWebhookBody,
    responses: { 201: { description: 'created, with its signing secret (shown once)', schema: createdWebhookSchema } },
    errors: [
      'invalid_webhook_url',
      'webhook_url_refused',
      'unknown_event_type',
      'invalid_webhook_events',
      'folder_required',
    ],
  },
  listWebhooks: {
    method: 'get',
    path: '/api/v1/webhooks',
    auth: 'staff',
    scope: 'webhooks:read',
    summary: 'The webhooks the caller manages (administrators: all), never their secrets',
    access: { kind: 'list' },
    query: listWebhooksQuery,
    responses: { 200: { description: 'the webhooks', schema: webhookListSchema } },
  },
  deleteWebhook: {
    method: 'delete',
    path: '/api/v1/webhooks/:id',
    auth: 'staff',
    scope: 'webhooks:write',
    summary: 'Delete (disable) a webhook; pending deliveries are dropped, the delivery log stays',
    params: webhookId,
    responses: { 204: { description: 'disabled' } },
    errors: ['not_found'],
  },
  listWebhookDeliveries: {
    method: 'get',
    path: '/api/v1/webhooks/:id/deliveries',
    auth: 'staff',
    scope: 'webhooks:read',
    summary: "A webhook's delivery log, newest first (keyset pages: pass nextCursor as cursor)",
    params: webhookId,
    query: listDeliveriesQuery,
    responses: { 200: { description: 'one page of deliveries', schema: deliveryListSchema } },
    errors: ['not_found'],
  },
  redeliverWebhook: {
    method: 'post',
    path: '/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    auth: 'staff',
    scope: 'webhooks:write',
    summary: 'Send a failed (or delivered) delivery again',
    params: { ...webhookId, deliveryId: idParam('delivery id') },
    responses: { 202: { description: 'queued again', schema: deliverySchema } },
    errors: ['not_found', 'delivery_pending', 'webhook_disabled'],
  },
});
