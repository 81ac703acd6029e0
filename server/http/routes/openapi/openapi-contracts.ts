import { defineContracts } from '../../contract/route-contract.js';

/** The document itself. */
export const openapiContracts = defineContracts('meta', {
  getOpenApi: {
    method: 'get',
    path: '/api/v1/openapi.json',
    auth: 'public',
    summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'the document' } },
  },
});
