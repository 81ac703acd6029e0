import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDependencies } from '../../create-app.js';
import { SeglError } from '../../../lib/errors.js';
import type { PortalAssets } from './build-portal-assets.js';
import { loadPortalAssets } from './load-portal-assets.js';
import { PORTAL_PAGE_CSP, renderPortalPage } from './page-html.js';
import { pageAssets } from './page-assets.js';
import { routeMounter } from '../../contract/mount-route.js';
import { portalContracts as contracts } from './portal-contracts.js';

/**
 * The public verification portal's pages: /verify (enter a code, check any PDF) and /v/:code (the QR code's
 * target), and their bundled assets under /portal-assets/ (content-hashed names, cached for a year). The pages
 * talk only to /api/v1/verify/*. Assets are loaded once per process, on the first request (see loadPortalAssets).
 */
export function portalRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const unavailable = { code: 'portal_unavailable', message: 'the verification portal is not available' } as const;
  const page = async (ctx: Context) => {
    const assets = await pageAssets({ page: 'verify', logger: deps.logger, unavailable });
    ctx.set('Content-Security-Policy', PORTAL_PAGE_CSP);
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderPortalPage(assets);
  };
  const assets = async (): Promise<PortalAssets> => {
    try {
      return await loadPortalAssets({ moduleUrl: import.meta.url });
    } catch (error) {
      deps.logger.error({ err: error }, 'portal assets could not be loaded');
      throw new SeglError(unavailable);
    }
  };
  route(contracts.verify, page);
  route(contracts.code, page);
  route(contracts.asset, async (ctx) => {
    const file = (await assets()).files.get(ctx.input.params.file);
    if (!file) throw new SeglError({ code: 'not_found', message: 'no such file' });
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.type = file.contentType;
    ctx.body = file.body;
  });
  return router;
}
