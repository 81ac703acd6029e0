import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { principalOf } from '../../middleware/authenticate.js';
import { createRateLimiter, throwRateLimited } from '../../middleware/rate-limit.js';
import { sealKeyContracts as contracts } from './seal-key-contracts.js';

const MAX_PKCS12_BYTES = 1024 * 1024;
/** Passphrase guesses: a few imports a minute per administrator is plenty for honest use. */
const IMPORTS_PER_MINUTE = 5;

/** GET, POST (import a PKCS#12) and DELETE (back to the appliance CA) /api/v1/seal-key, for administrators. */
export function sealKeyRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const { sealKey } = deps.services;
  const now = () => deps.clock.now().getTime();
  const attempts = createRateLimiter({ limit: IMPORTS_PER_MINUTE, windowMs: 60_000, now });

  route(contracts.showSealKey, async (ctx) => {
    ctx.body = await sealKey.show();
  });

  route(contracts.importSealKey, async (ctx) => {
    const actorId = principalOf(ctx).userId;
    const limited = attempts.hit(actorId);
    if (!limited.allowed)
      throwRateLimited(ctx, limited.retryAfterSeconds, 'too many seal key imports; try again later');
    const upload = await ctx.input.upload({ maxFileBytes: MAX_PKCS12_BYTES });
    ctx.status = 201;
    ctx.body = await sealKey.import({
      actorId,
      pkcs12: new Uint8Array(upload.file),
      passphrase: upload.fields.passphrase ?? '',
      chainPem: upload.fields.chain || undefined,
      ip: ctx.ip,
    });
  });

  route(contracts.resetSealKey, async (ctx) => {
    ctx.body = await sealKey.reset({ actorId: principalOf(ctx).userId, ip: ctx.ip });
  });

  return router;
}
