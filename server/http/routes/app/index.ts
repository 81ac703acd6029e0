import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDependencies } from '../../create-app.js';
import { SeglError } from '../../../lib/errors.js';
import { routeMounter } from '../../contract/mount-route.js';
import { pageAssets } from '../portal/page-assets.js';
import { loadPdfJsAssets, PDFJS_ASSET_PATH, type PdfJsAssets } from '../signer-page/pdfjs-assets.js';
import { APP_PAGE_CSP, renderAppPage } from './page-html.js';
import { settingsRoutes } from './settings-routes.js';
import { appContracts as contracts } from './app-contracts.js';

/**
 * The staff app: `/app` (the document list, `?folder=&status=&q=`) and `/app/documents/:id` (one document) answer
 * the same HTML shell around the staff app bundle (portal/app.ts, built with the portal's assets and served by the
 * portal under /portal-assets/). The page is driven entirely by the public API with the session cookie; signing in
 * is /login's job (the app sends users there on a 401).
 */
export function appRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const unavailable = { code: 'app_unavailable', message: 'the staff app is not available' } as const;
  let pdfjs: PdfJsAssets | undefined;
  // the files themselves are served by the signer page's routes under PDFJS_ASSET_PATH
  const pdfjsUrls = () => {
    try {
      pdfjs ??= loadPdfJsAssets({ moduleUrl: import.meta.url });
    } catch (error) {
      deps.logger.error({ err: error }, 'pdf.js could not be loaded');
      throw new SeglError(unavailable);
    }
    return {
      pdfjs: `${PDFJS_ASSET_PATH}/${pdfjs.library.fileName}`,
      pdfjsWorker: `${PDFJS_ASSET_PATH}/${pdfjs.worker.fileName}`,
    };
  };
  const page = async (ctx: Context) => {
    const assets = await pageAssets({ page: 'app', logger: deps.logger, unavailable });
    ctx.set('Content-Security-Policy', APP_PAGE_CSP);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Robots-Tag', 'noindex, nofollow');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderAppPage({ ...assets, ...pdfjsUrls() });
  };

  route(contracts.home, (ctx) => ctx.redirect('/app'));
  route(contracts.favicon, (ctx) => {
    ctx.status = 204;
    ctx.set('Cache-Control', 'max-age=86400');
  });
  route(contracts.documents, page);
  for (const screen of contracts.screens) route(screen, page);
  const settings = settingsRoutes(deps);
  router.use(settings.routes(), settings.allowedMethods());
  route(contracts.document, page);
  return router;
}
