import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';

const problem = z.object({ code: z.string(), message: z.string() });
const disk = z.object({ freeBytes: z.number(), totalBytes: z.number(), minFreeBytes: z.number(), low: z.boolean() });
const sealBacklog = z.object({
  documents: z.number(),
  since: z.string().nullable().describe('ISO 8601: since when the oldest waits'),
});

const probe = (path: string, summary: string) =>
  ({
    method: 'get',
    path,
    auth: 'public',
    summary,
    openapi: false,
    responses: { 200: { description: 'ok' }, 503: { description: 'not ready or unhealthy' } },
  }) as const;

/** The staff view of the appliance's health, and the public probes (outside /api/v1, not in the API document). */
export const healthContracts = defineContracts('health', {
  livez: probe('/livez', 'The process answers (200 even while it starts)'),
  readyz: probe('/readyz', 'This node can serve (503 while it starts or cannot reach its database or keys)'),
  healthz: probe('/healthz', 'Nothing needs the operator (503 with the problems otherwise)'),
  getHealth: {
    method: 'get',
    path: '/api/v1/health',
    auth: 'staff',
    scope: 'documents:read',
    summary: 'Health for the staff app: problems, free disk space and the documents waiting for a timestamp authority',
    responses: {
      200: {
        description: 'the report',
        schema: z.object({
          status: z.enum(['ok', 'degraded', 'unavailable']),
          problems: z.array(problem),
          disk: disk.nullable(),
          sealBacklog: sealBacklog.nullable(),
        }),
      },
    },
  },
});
