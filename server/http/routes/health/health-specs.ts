import { z } from 'zod';
import type { RouteSpec } from '../openapi/route-spec.js';

const problem = z.object({ code: z.string(), message: z.string() });
const disk = z.object({ freeBytes: z.number(), totalBytes: z.number(), minFreeBytes: z.number(), low: z.boolean() });
const sealBacklog = z.object({
  documents: z.number(),
  since: z.string().nullable().describe('ISO 8601: since when the oldest waits'),
});

/** The staff view of the appliance's health (the public probes /livez, /readyz, /healthz are outside /api/v1). */
export const healthSpecs = {
  getHealth: {
    method: 'get', path: '/api/v1/health', operationId: 'getHealth', tag: 'health', auth: 'staff',
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
} satisfies Record<string, RouteSpec>;
