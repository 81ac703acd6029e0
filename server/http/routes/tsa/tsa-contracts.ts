import { defineContracts } from '../../contract/route-contract.js';

/** The token scope that lets an API client use /tsa while it is not public. */
export const TSA_SCOPE = 'tsa';

/** The built-in RFC 3161 time-stamp authority (outside /api/v1: TSA clients post to a bare URL). */
export const tsaContracts = defineContracts('tsa', {
  timestamp: {
    method: 'post',
    path: '/tsa',
    auth: 'staff',
    scope: TSA_SCOPE,
    openapi: false,
    summary: 'An RFC 3161 time-stamp token (staff API clients, or anyone with SEGL_TSA_PUBLIC=on)',
    binaryBody: { contentType: 'application/timestamp-query', description: 'a DER TimeStampReq' },
    errors: ['rate_limited', 'unsupported_media_type', 'payload_too_large'],
    responses: { 200: { description: 'the TimeStampResp', contentType: 'application/timestamp-reply' } },
  },
});
