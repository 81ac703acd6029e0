import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { openapiContracts } from './openapi-contracts.js';
import { buildApplianceOpenApi } from './build-openapi.js';

/** GET /api/v1/openapi.json: public, built once from the route table. */
export function openapiRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  let document: Record<string, unknown> | undefined;
  route(openapiContracts.getOpenApi, async (ctx) => {
    document ??= buildApplianceOpenApi({ serverUrl: deps.config.publicUrl });
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = document;
  });
  return router;
}
