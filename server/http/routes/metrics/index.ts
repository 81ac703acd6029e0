import Router from '@koa/router';
import { collectDefaultMetrics } from 'prom-client';
import type { AppDependencies } from '../../create-app.js';
import { metricsRegistry } from '../../../lib/metrics.js';
import { collectApplianceState, type ApplianceState } from '../../../domain/metrics/collect-appliance-state.js';
import { createMetricsAccess } from './metrics-access.js';
import { renderApplianceState } from './render-appliance-state.js';

let defaultMetricsStarted = false;

/** GET /metrics: Prometheus text, for a token or an allowed network only. */
export function metricsRoutes(deps: Pick<AppDependencies, 'db' | 'sealer' | 'config' | 'clock' | 'logger'>): Router {
  if (!defaultMetricsStarted) {
    defaultMetricsStarted = true;
    collectDefaultMetrics({ register: metricsRegistry, prefix: 'segl_process_' });
  }
  const checkAccess = createMetricsAccess({ token: deps.config.metricsToken, allow: deps.config.metricsAllow });
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    checkAccess(ctx);
    const now = deps.clock.now();
    let state: ApplianceState | undefined;
    try {
      state = await collectApplianceState({ db: deps.db, sealer: deps.sealer, config: deps.config, now });
    } catch (error) {
      ctx.state.log?.error({ err: error }, 'could not read the appliance state for /metrics');
    }
    ctx.set('Content-Type', metricsRegistry.contentType);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = `${await metricsRegistry.metrics()}\n${await renderApplianceState(state, now)}`;
  });
  return router;
}
