import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { fileCheckLimit } from '../../../domain/verification/portal-limits.js';
import { SeglError } from '../../../lib/errors.js';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { createRateLimiter, throwRateLimited } from '../../middleware/rate-limit.js';
import { throttleKey } from '../../middleware/client-address.js';
import { verifyContracts as contracts } from './verify-contracts.js';

const MINUTE = 60_000;
/** When to try again after `verification_busy`. */
const BUSY_RETRY_SECONDS = '30';

const NOT_FOUND = { error: 'not_found', message: 'no document has this code' };

/** The 404 is answered, not thrown: it is the common answer to guessing, and costs no more than a found code. */
function answerNotFound(ctx: Context): void {
  ctx.status = 404;
  ctx.body = { ...NOT_FOUND };
}

/**
 * GET /api/v1/verify/:code, POST /api/v1/verify/:code/match, POST /api/v1/verify/file: the public portal's API.
 * No credentials. Every request counts against the per-IP limit (`SEGL_PORTAL_RATE_LIMIT` a minute) before any
 * other work, file checks also against a lower one; answers are JSON and never cached.
 */
export function verifyRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const now = () => deps.clock.now().getTime();
  const lookups = createRateLimiter({ limit: deps.config.portalRateLimit, windowMs: MINUTE, now });
  const files = createRateLimiter({ limit: fileCheckLimit(deps.config.portalRateLimit), windowMs: MINUTE, now });
  const route = routeMounter(router, deps);
  const { verification } = deps.services;

  const portal: Middleware = async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    const key = throttleKey(ctx.ip);
    ctx.state.portalClient = key;
    const result = lookups.hit(key);
    if (!result.allowed) throwRateLimited(ctx, result.retryAfterSeconds);
    await next();
  };
  const fileLimit: Middleware = async (ctx, next) => {
    const result = files.hit(ctx.state.portalClient as string);
    if (!result.allowed) throwRateLimited(ctx, result.retryAfterSeconds, 'too many file checks; try again later');
    await next();
  };

  // A checked file is held in memory from its first byte to its verdict. No more are admitted at once than the
  // verifiers work on and queue, counted from before the upload is read: parallel uploads from many addresses, each
  // within its own rate limit, cannot together exhaust memory. A refusal here or by the pool says when to come back.
  const fileCapacity = deps.config.verifyWorkers + deps.config.verifyQueue;
  let filesInFlight = 0;
  const fileSlot: Middleware = async (ctx, next) => {
    if (filesInFlight >= fileCapacity) {
      ctx.set('Retry-After', BUSY_RETRY_SECONDS);
      throw new SeglError({
        code: 'verification_busy',
        message: 'too many files are being checked; try again shortly',
      });
    }
    filesInFlight += 1;
    try {
      await next();
    } catch (error) {
      if (error instanceof SeglError && error.code === 'verification_busy') ctx.set('Retry-After', BUSY_RETRY_SECONDS);
      throw error;
    } finally {
      filesInFlight -= 1;
    }
  };

  route(contracts.checkFile, { before: [portal, fileLimit, fileSlot] }, async (ctx) => {
    const maxFileBytes = await verification.maxCheckBytes();
    const upload = await ctx.input.upload({ maxFileBytes });
    ctx.body = await verification.checkFile(upload.file);
  });

  route(contracts.lookupCode, { before: [portal] }, async (ctx) => {
    const status = await verification.status(ctx.input.params.code);
    if (!status) return answerNotFound(ctx);
    ctx.body = status;
  });

  route(contracts.matchHash, { before: [portal] }, async (ctx) => {
    const sha256 = ctx.input.body.sha256.toLowerCase();
    const result = await verification.match({ code: ctx.input.params.code, sha256 });
    if (!result.found) return answerNotFound(ctx);
    ctx.body = result.match ? { match: true, ...result.details } : { match: false };
  });

  return router;
}
