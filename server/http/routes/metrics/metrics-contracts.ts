import { defineContracts } from '../../contract/route-contract.js';

/** Prometheus (outside /api/v1: its own credentials, SEGL_METRICS_TOKEN or SEGL_METRICS_ALLOW). */
export const metricsContracts = defineContracts('metrics', {
  metrics: {
    method: 'get',
    path: '/metrics',
    auth: 'public',
    openapi: false,
    summary: 'Prometheus text, for the metrics token or an allowed network only',
    errors: ['unauthorized', 'not_found', 'rate_limited'],
    responses: { 200: { description: 'the metrics', contentType: 'text/plain; version=0.0.4' } },
  },
});
