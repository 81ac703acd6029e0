import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { SeglError } from '../../../lib/errors.js';

/** 200 when the database answers and the keys are loaded. */
export function healthRoutes(deps: Pick<AppDependencies, 'signing' | 'db'>): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    try {
      await deps.db.sequelize.query('SELECT 1');
      deps.signing.rootCertificateDer();
    } catch (cause) {
      throw new SeglError({ code: 'unhealthy', message: 'the database or the keys are not usable', status: 503, expose: true, cause });
    }
    ctx.body = { status: 'ok' };
  });
  return router;
}
