import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';

const html = { 200: { description: 'the page', contentType: 'text/html' } };

/** The public verification portal's pages and assets (HTML, not in the API document). */
export const portalContracts = defineContracts('portal', {
  verify: {
    method: 'get',
    path: '/verify',
    operationId: 'verifyPage',
    auth: 'public',
    openapi: false,
    summary: 'Enter a code, check any PDF',
    responses: html,
    errors: ['portal_unavailable'],
  },
  code: {
    method: 'get',
    path: '/v/:code',
    operationId: 'codePage',
    auth: 'public',
    openapi: false,
    summary: "The QR code's target (the page reads the code)",
    responses: html,
    errors: ['portal_unavailable'],
  },
  asset: {
    method: 'get',
    path: '/portal-assets/:file',
    operationId: 'portalAsset',
    auth: 'public',
    openapi: false,
    summary: 'A bundled asset (content-hashed name, cached for a year)',
    params: {
      file: {
        description: 'the asset name',
        schema: z.string().regex(/^[A-Za-z0-9_-]+\.(js|css)$/),
        invalid: { code: 'not_found', message: 'no such file' },
      },
    },
    responses: { 200: { description: 'the asset', contentType: 'text/javascript' } },
  },
});
