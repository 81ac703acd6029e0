import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { authenticate } from '../../middleware/authenticate.js';
import { idParam, parseBody, parseQuery } from '../../validate.js';
import { registerRoute, type RouteSpec } from '../openapi/route-spec.js';
import { openKeyRing } from '../../../domain/keys/key-ring.js';
import { createWebhook } from '../../../domain/webhooks/create-webhook.js';
import { listWebhooks } from '../../../domain/webhooks/list-webhooks.js';
import { deleteWebhook } from '../../../domain/webhooks/delete-webhook.js';
import { listWebhookDeliveries } from '../../../domain/webhooks/list-webhook-deliveries.js';
import { redeliverWebhook } from '../../../domain/webhooks/redeliver-webhook.js';
import { accessOf, loadFolderAccess } from '../folders/load-folder-access.js';
import { webhookSpecs as specs } from './webhook-specs.js';
import { createWebhookBody, listDeliveriesQuery, listWebhooksQuery } from './webhook-schemas.js';

/** Webhooks on folders (or, for administrators, on everything) and their delivery log. */
export function webhookRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const { db, clock, config } = deps;
  const keyRing = openKeyRing({ dataDir: config.dataDir, kek: deps.kek, fromEnvironment: Boolean(config.kek) });
  const guard = (spec: RouteSpec) => [authenticate(deps, { scope: spec.scope }), loadFolderAccess(deps)];

  registerRoute(router, specs.createWebhook, ...guard(specs.createWebhook), async (ctx) => {
    const body = await parseBody(ctx, createWebhookBody);
    ctx.status = 201;
    ctx.body = await createWebhook({
      db,
      clock,
      kek: keyRing,
      access: accessOf(ctx),
      url: body.url,
      events: body.events,
      folderId: body.folderId,
      allowPrivateNetwork: config.webhookAllowPrivateNetwork,
      ip: ctx.ip,
    });
  });
  registerRoute(router, specs.listWebhooks, ...guard(specs.listWebhooks), async (ctx) => {
    const query = parseQuery(ctx, listWebhooksQuery);
    ctx.body = { webhooks: await listWebhooks({ db, access: accessOf(ctx), includeDisabled: query.includeDisabled === 'true' }) };
  });
  registerRoute(router, specs.deleteWebhook, ...guard(specs.deleteWebhook), async (ctx) => {
    await deleteWebhook({ db, clock, access: accessOf(ctx), webhookId: idParam(ctx), ip: ctx.ip });
    ctx.status = 204;
  });
  registerRoute(router, specs.listWebhookDeliveries, ...guard(specs.listWebhookDeliveries), async (ctx) => {
    const webhookId = idParam(ctx);
    const query = parseQuery(ctx, listDeliveriesQuery);
    ctx.body = await listWebhookDeliveries({ db, access: accessOf(ctx), webhookId, limit: query.limit, cursor: query.cursor, status: query.status });
  });
  registerRoute(router, specs.redeliverWebhook, ...guard(specs.redeliverWebhook), async (ctx) => {
    const webhookId = idParam(ctx);
    const deliveryId = idParam(ctx, 'deliveryId');
    ctx.status = 202;
    ctx.body = await redeliverWebhook({ db, clock, access: accessOf(ctx), webhookId, deliveryId, ip: ctx.ip });
  });
  return router;
}
