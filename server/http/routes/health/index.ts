import Router from '@koa/router';
import type { SigningContext } from '../../../domain/signing-context.js';

export function healthRoutes(signing: SigningContext): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    signing.rootCertificateDer();
    ctx.body = { status: 'ok' };
  });
  return router;
}
