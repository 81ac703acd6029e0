import Router from '@koa/router';
import { collectDefaultMetrics } from 'prom-client';
import type { AppDependencies } from '../../create-app.js';
import { metricsRegistry } from '../../../lib/metrics.js';
import type { ApplianceState } from '../../../domain/metrics/collect-appliance-state.js';
import { routeMounter } from '../../contract/mount-route.js';
import { metricsContracts as contracts } from './metrics-contracts.js';
import { createMetricsAccess } from './metrics-access.js';
import { renderApplianceState } from './render-appliance-state.js';

let defaultMetricsStarted = false;

/** GET /metrics: Prometheus text, for a token or an allowed network only. */
export function metricsRoutes(deps: AppDependencies): Router {
  if (!defaultMetricsStarted) {
    defaultMetricsStarted = true;
    collectDefaultMetrics({ register: metricsRegistry, prefix: 'segl_process_' });
  }
  const checkAccess = createMetricsAccess({ token: deps.config.metricsToken, allow: deps.config.metricsAllow });
  const router = new Router();
  const route = routeMounter(router, deps);
  // the contract is public: access is the metrics token or network, checked here (not a staff credential)
  route(contracts.metrics, async (ctx) => {
    checkAccess(ctx);
    const now = deps.clock.now();
    let state: ApplianceState | undefined;
    try {
      state = await deps.services.metrics.applianceState(now);
    } catch (error) {
      ctx.state.log?.error({ err: error }, 'could not read the appliance state for /metrics');
    }
    ctx.set('Content-Type', metricsRegistry.contentType);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = `${await metricsRegistry.metrics()}\n${await renderApplianceState(state, now)}`;
  });
  return router;
}
