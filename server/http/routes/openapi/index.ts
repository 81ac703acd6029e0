import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { registerRoute } from './route-spec.js';
import { openapiSpecs } from './openapi-specs.js';
import { ROUTE_TABLE } from './route-table.js';
import { buildOpenApiDocument } from './build-openapi.js';

const API_VERSION = '1.0.0';

/** GET /api/v1/openapi.json: public, built once from the route table. */
export function openapiRoutes(deps: AppDependencies): Router {
  const router = new Router();
  let document: Record<string, unknown> | undefined;
  registerRoute(router, openapiSpecs.getOpenApi, async (ctx) => {
    document ??= buildOpenApiDocument({ routes: ROUTE_TABLE, serverUrl: deps.config.publicUrl, version: API_VERSION });
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = document;
  });
  return router;
}
