import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { ROUTE_TABLE } from '../../contract/route-table.js';
import { openapiContracts } from './openapi-contracts.js';
import { buildOpenApiDocument } from './build-openapi.js';

const API_VERSION = '1.0.0';

/** GET /api/v1/openapi.json: public, built once from the route table. */
export function openapiRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  let document: Record<string, unknown> | undefined;
  route(openapiContracts.getOpenApi, async (ctx) => {
    document ??= buildOpenApiDocument({ routes: ROUTE_TABLE, serverUrl: deps.config.publicUrl, version: API_VERSION });
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = document;
  });
  return router;
}
