import type { RouteSpec } from './route-spec.js';

/** The document itself. */
export const openapiSpecs = {
  getOpenApi: {
    method: 'get', path: '/api/v1/openapi.json', operationId: 'getOpenApi', tag: 'meta', auth: 'public',
    summary: 'This OpenAPI 3.1 document', responses: { 200: { description: 'the document' } },
  },
} satisfies Record<string, RouteSpec>;
