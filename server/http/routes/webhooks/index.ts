import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { accessOf, loadFolderAccess } from '../folders/load-folder-access.js';
import { webhookContracts as contracts } from './webhook-contracts.js';

/** Webhooks on folders (or, for administrators, on everything) and their delivery log. */
export function webhookRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const { webhooks, folders } = deps.services;
  const guarded = { guards: [loadFolderAccess(folders)] };

  route(contracts.createWebhook, guarded, async (ctx) => {
    const { url, events, folderId } = ctx.input.body;
    ctx.status = 201;
    ctx.body = await webhooks.create({ access: accessOf(ctx), url, events, folderId, ip: ctx.ip });
  });
  route(contracts.listWebhooks, guarded, async (ctx) => {
    const includeDisabled = ctx.input.query.includeDisabled === 'true';
    ctx.body = { webhooks: await webhooks.list({ access: accessOf(ctx), includeDisabled }) };
  });
  route(contracts.deleteWebhook, guarded, async (ctx) => {
    await webhooks.delete({ access: accessOf(ctx), webhookId: ctx.input.params.id, ip: ctx.ip });
    ctx.status = 204;
  });
  route(contracts.listWebhookDeliveries, guarded, async (ctx) => {
    const { limit, cursor, status } = ctx.input.query;
    const webhookId = ctx.input.params.id;
    ctx.body = await webhooks.deliveries({ access: accessOf(ctx), webhookId, limit, cursor, status });
  });
  route(contracts.redeliverWebhook, guarded, async (ctx) => {
    const { id: webhookId, deliveryId } = ctx.input.params;
    ctx.status = 202;
    ctx.body = await webhooks.redeliver({ access: accessOf(ctx), webhookId, deliveryId, ip: ctx.ip });
  });
  return router;
}
