import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { accessOf, loadFolderAccess } from '../folders/load-folder-access.js';
import { retentionContracts as contracts } from './retention-contracts.js';
import { clientOf } from '../../middleware/client-address.js';

/** Legal holds (PUT/DELETE /api/v1/documents/:id/legal-hold) and the retention preview (GET /api/v1/retention/due). */
export function retentionRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const { documents, folders } = deps.services;
  // an invisible document is a 404 whatever the body says (guards run before the body is read)
  const requireVisibleDocument: Middleware = async (ctx, next) => {
    await documents.findVisible({ access: accessOf(ctx), documentId: ctx.params.id });
    await next();
  };

  route(contracts.placeLegalHold, { guards: [loadFolderAccess(folders), requireVisibleDocument] }, async (ctx) => {
    const documentId = ctx.input.params.id;
    const access = accessOf(ctx);
    const { reason } = ctx.input.body;
    await documents.setLegalHold({ access, documentId, hold: true, reason, ...clientOf(ctx) });
    ctx.body = await documents.get({ access, documentId });
  });

  route(contracts.releaseLegalHold, { guards: [loadFolderAccess(folders)] }, async (ctx) => {
    const documentId = ctx.input.params.id;
    const access = accessOf(ctx);
    await documents.setLegalHold({ access, documentId, hold: false, ...clientOf(ctx) });
    ctx.body = await documents.get({ access, documentId });
  });

  route(contracts.listDueDocuments, async (ctx) => {
    ctx.body = await documents.previewRetention({ limit: ctx.input.query.limit ?? 100 });
  });
  return router;
}
