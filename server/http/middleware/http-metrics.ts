import type { Middleware } from 'koa';
import { httpRequestDuration, httpRequests } from '../../lib/metrics.js';

/**
 * Counts every request and its latency by route pattern (`/api/v1/documents/:id`, never the concrete path, so ids
 * and tokens neither leak into metrics nor explode their number); what matched no route is `unmatched`. Sits outside
 * the error middleware, so it sees the status the client got.
 */
export function httpMetrics(): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      const labels = { route: typeof route === 'string' ? route : 'unmatched', method: ctx.method };
      httpRequests.inc({ ...labels, status: String(ctx.status) });
      httpRequestDuration.observe(labels, (performance.now() - started) / 1000);
    }
  };
}
