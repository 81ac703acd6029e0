import type { RouteSpec } from '../openapi/route-spec.js';
import { createWebhookBody, createdWebhookSchema, deliveryListSchema, deliverySchema, listDeliveriesQuery, listWebhooksQuery, webhookListSchema } from './webhook-schemas.js';

const tag = 'webhooks';
const webhookId = { id: 'webhook id' };
const notYours = 'not_found: no such webhook, or not on a folder the caller manages';

/** Webhooks and their delivery log: registered from here and documented from here. */
export const webhookSpecs = {
  createWebhook: {
    method: 'post', path: '/api/v1/webhooks', operationId: 'createWebhook', tag, auth: 'staff', scope: 'webhooks:write',
    summary: 'Register a webhook (administrators: any folder or all; members: a folder they manage); the secret is shown once',
    access: { kind: 'folder-body', field: 'folderId', minimum: 'manager' },
    body: createWebhookBody,
    responses: {
      201: { description: 'created, with its signing secret (shown once)', schema: createdWebhookSchema },
      422: { description: 'invalid_request, invalid_webhook_url, webhook_url_refused (private or loopback target), unknown_event_type, invalid_webhook_events or folder_required' },
    },
  },
  listWebhooks: {
    method: 'get', path: '/api/v1/webhooks', operationId: 'listWebhooks', tag, auth: 'staff', scope: 'webhooks:read',
    summary: 'The webhooks the caller manages (administrators: all), never their secrets',
    access: { kind: 'list' }, query: listWebhooksQuery,
    responses: { 200: { description: 'the webhooks', schema: webhookListSchema } },
  },
  deleteWebhook: {
    method: 'delete', path: '/api/v1/webhooks/:id', operationId: 'deleteWebhook', tag, auth: 'staff', scope: 'webhooks:write',
    summary: 'Delete (disable) a webhook; pending deliveries are dropped, the delivery log stays', params: webhookId,
    responses: { 204: { description: 'disabled' }, 404: { description: notYours } },
  },
  listWebhookDeliveries: {
    method: 'get', path: '/api/v1/webhooks/:id/deliveries', operationId: 'listWebhookDeliveries', tag, auth: 'staff', scope: 'webhooks:read',
    summary: "A webhook's delivery log, newest first (keyset pages: pass nextCursor as cursor)", params: webhookId, query: listDeliveriesQuery,
    responses: { 200: { description: 'one page of deliveries', schema: deliveryListSchema }, 404: { description: notYours } },
  },
  redeliverWebhook: {
    method: 'post', path: '/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver', operationId: 'redeliverWebhook', tag, auth: 'staff', scope: 'webhooks:write',
    summary: 'Send a failed (or delivered) delivery again', params: { ...webhookId, deliveryId: 'delivery id' },
    responses: { 202: { description: 'queued again', schema: deliverySchema }, 404: { description: notYours }, 409: { description: 'delivery_pending or webhook_disabled' } },
  },
} satisfies Record<string, RouteSpec>;
