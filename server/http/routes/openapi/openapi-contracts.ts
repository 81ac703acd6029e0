import type { RouteContract } from '../../contract/route-contract.js';

/** The document itself. */
export const openapiContracts = {
  getOpenApi: {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApi',
    tag: 'meta',
    auth: 'public',
    summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'the document' } },
  },
} satisfies Record<string, RouteContract>;
