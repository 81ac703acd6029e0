import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';
import { PDFJS_ASSET_PATH } from './pdfjs-assets.js';

/** The signer page and pdf.js (HTML and scripts, not in the API document). */
export const signerPageContracts = defineContracts('signer-page', {
  page: {
    method: 'get',
    path: '/s/:token',
    operationId: 'signerPage',
    auth: 'public',
    openapi: false,
    summary: 'The signer page (a malformed token gets the same page with status 404)',
    responses: { 200: { description: 'the page', contentType: 'text/html' } },
    errors: ['signing_page_unavailable'],
  },
  pdfjs: {
    method: 'get',
    path: `${PDFJS_ASSET_PATH}/:file`,
    operationId: 'pdfjsAsset',
    auth: 'public',
    openapi: false,
    summary: 'pdf.js and its worker (content-hashed, cached for a year)',
    params: {
      file: {
        description: 'the file name',
        schema: z.string().regex(/^pdf(\.worker)?-[0-9a-f]{16}\.mjs$/),
        invalid: { code: 'not_found', message: 'no such file' },
      },
    },
    responses: { 200: { description: 'the script', contentType: 'text/javascript' } },
  },
});
