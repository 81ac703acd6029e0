import type Koa from 'koa';
import type Router from '@koa/router';

export interface RegisteredRoute {
  /** Upper-case HTTP method (HEAD, added automatically for GET, is left out). */
  method: string;
  /** The path as registered, with `:param` placeholders and any router prefix. */
  path: string;
}

/**
 * Every route registered on the app's @koa/router routers (found through the middleware that `router.routes()`
 * returns), for the OpenAPI document's self-check and the authorization tests.
 */
export function listRoutes(options: { app: Koa }): RegisteredRoute[] {
  const routes = new Map<string, RegisteredRoute>();
  for (const middleware of options.app.middleware) {
    const router = (middleware as { router?: Router }).router;
    if (!router) continue;
    for (const layer of router.stack) {
      if (typeof layer.path !== 'string') continue;
      for (const method of layer.methods) {
        if (method === 'HEAD' && layer.methods.includes('GET')) continue;
        routes.set(`${method} ${layer.path}`, { method, path: layer.path });
      }
    }
  }
  return [...routes.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
