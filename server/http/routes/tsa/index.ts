import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { createRateLimiter, rateLimit } from '../../middleware/rate-limit.js';
import { throttleKey } from '../../middleware/client-address.js';
import { readRawBody } from '../../read-raw-body.js';
import { tsaContracts as contracts } from './tsa-contracts.js';

export { TSA_SCOPE } from './tsa-contracts.js';

const TIMESTAMP_QUERY_LIMIT = 16 * 1024;

/**
 * The built-in RFC 3161 time-stamp authority over HTTP (RFC 3161 §3.4). Every answer is a signature, so it is
 * rate-limited per client network (`SEGL_TSA_RATE_LIMIT` a minute), and it answers only staff API clients (tokens
 * with the `tsa` scope, or `*`) unless `SEGL_TSA_PUBLIC=on`. The appliance's own sealing does not come
 * here: it uses the TSA in-process. (A session cookie does not do: a cookie-authenticated POST must be JSON.)
 */
export function tsaRoutes(deps: AppDependencies): Router {
  const { config, clock } = deps;
  const router = new Router();
  const route = routeMounter(router, deps);
  const limiter = createRateLimiter({ limit: config.tsaRateLimit, windowMs: 60_000, now: () => clock.now().getTime() });
  const perNetwork = rateLimit({ limiter, key: (ctx) => throttleKey(ctx.ip) });
  route(contracts.timestamp, { before: [perNetwork], public: config.tsaPublic }, async (ctx) => {
    const query = await readRawBody(ctx, { types: ['application/timestamp-query'], limit: TIMESTAMP_QUERY_LIMIT });
    ctx.type = 'application/timestamp-reply';
    ctx.body = Buffer.from(deps.services.pki.answerTimestampRequest(query));
  });
  return router;
}
