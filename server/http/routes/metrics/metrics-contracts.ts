import type { RouteContract } from '../../contract/route-contract.js';

/** Prometheus (outside /api/v1: its own credentials, SEGL_METRICS_TOKEN or SEGL_METRICS_ALLOW). */
export const metricsContracts = {
  metrics: {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'metrics',
    auth: 'public',
    openapi: false,
    summary: 'Prometheus text, for the metrics token or an allowed network only',
    errors: ['unauthorized', 'not_found', 'rate_limited'],
    responses: { 200: { description: 'the metrics', contentType: 'text/plain; version=0.0.4' } },
  },
} satisfies Record<string, RouteContract>;
