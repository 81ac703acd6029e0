import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';
import { idSchema } from '../../contract/common-schemas.js';

export const exportQuery = z.strictObject({
  folderId: idSchema
    .optional()
    .describe('only this folder and its subfolders (default: everything the caller can see)'),
});

/** The export of the archive: registered, validated and documented from here. */
export const exportContracts = defineContracts('export', {
  exportArchive: {
    method: 'get',
    path: '/api/v1/export',
    auth: 'staff',
    scope: 'documents:read',
    summary:
      'Everything the caller can see as one ZIP: original and signed PDFs, document.json and ' +
      'audit-trail.json per document, index.json, folders.json, the root certificate',
    access: { kind: 'list' },
    query: exportQuery,
    responses: { 200: { description: 'a ZIP archive, streamed', contentType: 'application/zip' } },
    errors: ['not_found'],
  },
});
