import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDependencies } from '../../create-app.js';
import type { HealthReport } from '../../../domain/health/check-health.js';
import { routeMounter } from '../../contract/mount-route.js';
import { healthContracts as contracts } from './health-contracts.js';

/** What the public probes show: the state and the problems' codes, no numbers (those are for staff). */
function publicProblems(report: HealthReport): { code: string; message: string }[] {
  return report.problems.map(({ code, message }) => ({ code, message }));
}

function answer(ctx: Context, status: number, body: Record<string, unknown>): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
}

/**
 * Probes, public and cheap:
 * - `/livez`: the process answers (200 even while it starts; restart it only when this fails);
 * - `/readyz`: 200 while this node can serve (`degraded` with problems when a part needs the operator), 503 while it
 *   starts or cannot reach its database or keys: route traffic elsewhere;
 * - `/healthz`: 200 `{status:"ok"}` only when nothing needs the operator, else 503 with the problems (for monitoring).
 * `GET /api/v1/health` gives staff the numbers: free space, the floor, documents waiting for a TSA and since when.
 */
export function healthRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  // probes are public: concurrent ones share one check, so a flood of them costs one query at a time
  let inFlight: Promise<HealthReport> | undefined;
  const check = () => deps.services.health.check();
  const report = () =>
    (inFlight ??= check().finally(() => {
      inFlight = undefined;
    }));

  route(contracts.livez, (ctx) => answer(ctx, 200, { status: 'ok' }));

  route(contracts.readyz, async (ctx) => {
    const health = await report();
    if (health.status === 'unavailable') {
      const message = 'this node cannot serve now';
      answer(ctx, 503, { error: 'not_ready', message, status: health.status, problems: publicProblems(health) });
    } else if (health.status === 'degraded') {
      answer(ctx, 200, { status: health.status, problems: publicProblems(health) });
    } else answer(ctx, 200, { status: 'ok' });
  });

  route(contracts.healthz, async (ctx) => {
    const health = await report();
    if (health.status === 'ok') return answer(ctx, 200, { status: 'ok' });
    const message = health.problems.map((problem) => problem.message).join('; ');
    answer(ctx, 503, { error: 'unhealthy', message, status: health.status, problems: publicProblems(health) });
  });

  route(contracts.getHealth, async (ctx) => {
    const health = await report();
    const backlog = health.sealBacklog;
    answer(ctx, 200, {
      status: health.status,
      problems: publicProblems(health),
      disk: health.disk,
      sealBacklog: backlog && { documents: backlog.documents, since: backlog.since?.toISOString() ?? null },
    });
  });
  return router;
}
