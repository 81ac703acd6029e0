import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { authenticate, requireAdmin } from '../../middleware/authenticate.js';
import { createRateLimiter, throwRateLimited } from '../../middleware/rate-limit.js';
import { registerRoute, type RouteSpec } from '../openapi/route-spec.js';
import { readMultipartUpload } from '../documents/read-multipart-upload.js';
import { importSealKey, resetSealKey } from '../../../domain/seal-key/import-seal-key.js';
import { describeSealKey } from '../../../domain/seal-key/describe-seal-key.js';
import { recordStaffEvent } from '../../../domain/staff-events/record-staff-event.js';
import { sealKeySpecs as specs } from './seal-key-specs.js';
import type { Principal } from '../../../domain/auth/principal.js';

const MAX_PKCS12_BYTES = 1024 * 1024;
/** Passphrase guesses: a few imports a minute per administrator is plenty for honest use. */
const IMPORTS_PER_MINUTE = 5;

/** GET, POST (import a PKCS#12) and DELETE (back to the appliance CA) /api/v1/seal-key, for administrators. */
export function sealKeyRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const { db, clock, config } = deps;
  const guard = (spec: RouteSpec) => [authenticate(deps, { scope: spec.scope }), requireAdmin()];
  const attempts = createRateLimiter({ limit: IMPORTS_PER_MINUTE, windowMs: 60_000, now: () => clock.now().getTime() });
  const actorOf = (ctx: { state: Record<string, unknown> }) => (ctx.state.principal as Principal | undefined)?.userId ?? null;

  registerRoute(router, specs.showSealKey, ...guard(specs.showSealKey), async (ctx) => {
    ctx.body = describeSealKey(await deps.sealer.sealIdentity());
  });

  registerRoute(router, specs.importSealKey, ...guard(specs.importSealKey), async (ctx) => {
    const limited = attempts.hit(String(actorOf(ctx) ?? ctx.ip));
    if (!limited.allowed) throwRateLimited(ctx, limited.retryAfterSeconds, 'too many seal key imports; try again later');
    const upload = await readMultipartUpload(ctx, { maxFileBytes: MAX_PKCS12_BYTES });
    const description = await importSealKey({
      config,
      kek: deps.kek,
      clock,
      pkcs12: new Uint8Array(upload.file),
      passphrase: upload.fields.passphrase ?? '',
      chainPem: upload.fields.chain || undefined,
    });
    await recordStaffEvent({
      db, clock, actorId: actorOf(ctx), action: 'seal-key.imported', targetType: 'seal-key', targetId: description.sha256, ip: ctx.ip,
      data: { subject: description.subject, issuer: description.issuer, notAfter: description.notAfter, sha256: description.sha256 },
    });
    ctx.status = 201;
    ctx.body = description;
  });

  registerRoute(router, specs.resetSealKey, ...guard(specs.resetSealKey), async (ctx) => {
    resetSealKey({ config, clock });
    const description = describeSealKey(await deps.sealer.sealIdentity());
    await recordStaffEvent({ db, clock, actorId: actorOf(ctx), action: 'seal-key.reset', targetType: 'seal-key', targetId: description.sha256, ip: ctx.ip });
    ctx.body = description;
  });

  return router;
}
