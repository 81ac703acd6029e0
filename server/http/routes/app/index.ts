import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { APP_PAGE_CSP, APP_PAGE_HTML } from './page-html.js';
import { APP_PAGE_CSS } from './page-style.js';
import { APP_PAGE_JS } from './page-script.js';

/** The staff app (/app): the archive list and upload, driven entirely by the public API with the session cookie. */
export function appRoutes(_deps: AppDependencies): Router {
  const router = new Router();
  router.get('/', (ctx) => ctx.redirect('/app'));
  router.get('/favicon.ico', (ctx) => {
    ctx.status = 204;
    ctx.set('Cache-Control', 'max-age=86400');
  });
  router.get('/app', (ctx) => {
    ctx.set('Content-Security-Policy', APP_PAGE_CSP);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = APP_PAGE_HTML;
  });
  router.get('/app-assets/segl-app.js', (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.body = APP_PAGE_JS;
  });
  router.get('/app-assets/segl-app.css', (ctx) => {
    ctx.type = 'text/css; charset=utf-8';
    ctx.body = APP_PAGE_CSS;
  });
  return router;
}
