import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the appliance is doing before it can serve: creating or loading keys, migrating the database, ... */
export type StartupPhase = 'keys' | 'migrations' | 'storage-repair' | 'background';

/**
 * The HTTP answer while the appliance starts (keys are created, migrations run, possibly waiting for another node's
 * migration): `/livez` 200, `/readyz` and `/healthz` 503 with the phase, anything else 503 `starting` with
 * Retry-After. Plain node:http, so that it needs nothing the start-up is still preparing.
 */
export function createStartingHandler(
  phase: () => StartupPhase,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: Record<string, unknown>) => {
      response.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
        ...(status === 503 ? { 'Retry-After': '5' } : {}),
      });
      response.end(request.method === 'HEAD' ? undefined : JSON.stringify(body));
    };
    request.resume();
    if (path === '/livez') send(200, { status: 'ok' });
    else if (path === '/readyz' || path === '/healthz') {
      send(503, { error: 'not_ready', message: `starting: ${phase()}`, status: 'starting', phase: phase() });
    } else send(503, { error: 'starting', message: 'Segl is starting; try again in a few seconds' });
  };
}
