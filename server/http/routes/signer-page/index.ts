import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDependencies } from '../../create-app.js';
import { SeglError } from '../../../lib/errors.js';
import { SIGNING_TOKEN_SHAPE } from '../../../domain/signer-flow/resolve-signing-link.js';
import { pageAssets } from '../portal/page-assets.js';
import { renderSigningPage, SIGNING_PAGE_CSP } from './page-html.js';
import { loadPdfJsAssets, PDFJS_ASSET_PATH, type PdfJsAssets } from './pdfjs-assets.js';
import { routeMounter } from '../../contract/mount-route.js';
import { signerPageContracts as contracts } from './signer-page-contracts.js';

/**
 * The signer page (`/s/:token`, the link in the invitation): an HTML shell around the signer bundle
 * (portal/sign.ts, built with the portal's assets and served by the portal under /portal-assets/), and pdf.js with
 * its worker under /portal-assets/pdfjs/ (content-hashed, cached for a year). The page talks only to
 * /api/v1/signing/:token/*; the token is checked for shape only (the API decides whether it is valid), is never
 * logged (request logging redacts /s/ paths) and never leaves this origin (no-referrer, no third-party requests).
 */
export function signerPageRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  let pdfjs: PdfJsAssets | undefined;
  const unavailable = { code: 'signing_page_unavailable', message: 'the signing page is not available' } as const;
  const pdfjsAssets = (): PdfJsAssets => {
    try {
      pdfjs ??= loadPdfJsAssets({ moduleUrl: import.meta.url });
      return pdfjs;
    } catch (error) {
      deps.logger.error({ err: error }, 'pdf.js could not be loaded');
      throw new SeglError(unavailable);
    }
  };

  const page = async (ctx: Context, status: number) => {
    const { script, style } = await pageAssets({ page: 'sign', logger: deps.logger, unavailable });
    const { library, worker } = pdfjsAssets();
    ctx.status = status;
    ctx.set('Content-Security-Policy', SIGNING_PAGE_CSP);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Robots-Tag', 'noindex, nofollow');
    ctx.type = 'text/html; charset=utf-8';
    // A Buffer, not a string: the error middleware turns string bodies of 4xx answers into JSON.
    const pdfjsUrls = {
      pdfjs: `${PDFJS_ASSET_PATH}/${library.fileName}`,
      pdfjsWorker: `${PDFJS_ASSET_PATH}/${worker.fileName}`,
    };
    ctx.body = Buffer.from(renderSigningPage({ script, style, ...pdfjsUrls }));
  };

  // The token's shape is checked without asking the database: a malformed token gets the same page with status
  // 404, and the page itself says the link does not work.
  route(contracts.page, async (ctx) => page(ctx, SIGNING_TOKEN_SHAPE.test(ctx.params.token ?? '') ? 200 : 404));
  route(contracts.pdfjs, (ctx) => {
    const file = pdfjsAssets().files.get(ctx.input.params.file);
    if (!file) throw new SeglError({ code: 'not_found', message: 'no such file' });
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.body = file.body;
  });
  return router;
}
