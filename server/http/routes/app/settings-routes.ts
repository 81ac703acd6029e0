import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { authenticate, principalOf, requireAdmin } from '../../middleware/authenticate.js';
import { parseBody } from '../../validate.js';
import { registerRoute } from '../openapi/route-spec.js';
import { describeApplianceSettings, updateApplianceSettings } from '../../../domain/settings/appliance-settings.js';
import { readDocumentLimits } from '../../../domain/documents/document-limits.js';
import { settingsSpecs as specs, updateSettingsBody } from './settings-specs.js';

/**
 * GET/PATCH /api/v1/settings: what the staff app's settings screen shows and changes (administrators only);
 * GET /api/v1/settings/upload-limits: the upload limits, for every sender (the upload form checks a file first).
 */
export function settingsRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const guard = [authenticate(deps, { scope: 'settings' }), requireAdmin()];
  const describe = () => describeApplianceSettings({ db: deps.db, config: deps.config, sealer: deps.sealer });
  registerRoute(router, specs.getSettings, ...guard, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await describe();
  });
  registerRoute(router, specs.updateSettings, ...guard, async (ctx) => {
    const body = await parseBody(ctx, updateSettingsBody);
    await updateApplianceSettings({ db: deps.db, clock: deps.clock, actorId: principalOf(ctx).userId, limits: body.limits, ip: ctx.ip });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await describe();
  });
  registerRoute(router, specs.getUploadLimits, authenticate(deps, { scope: 'documents:read' }), async (ctx) => {
    const limits = await readDocumentLimits({ db: deps.db });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { maxUploadBytes: limits.maxUploadBytes, maxPages: limits.maxPages };
  });
  return router;
}
