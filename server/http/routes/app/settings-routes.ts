import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { principalOf } from '../../middleware/authenticate.js';
import { settingsContracts as contracts } from './settings-contracts.js';

/**
 * GET/PATCH /api/v1/settings: what the staff app's settings screen shows and changes (administrators only);
 * GET /api/v1/settings/upload-limits: the upload limits, for every sender (the upload form checks a file first).
 */
export function settingsRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const { settings, documents } = deps.services;
  route(contracts.getSettings, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await settings.describe();
  });
  route(contracts.updateSettings, async (ctx) => {
    await settings.update({ actorId: principalOf(ctx).userId, limits: ctx.input.body.limits, ip: ctx.ip });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await settings.describe();
  });
  route(contracts.getUploadLimits, async (ctx) => {
    const limits = await documents.limits();
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { maxUploadBytes: limits.maxUploadBytes, maxPages: limits.maxPages };
  });
  return router;
}
