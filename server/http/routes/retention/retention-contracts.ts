import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';
import { staffOnDocument } from '../../contract/staff-on-resource.js';
import { documentSchema } from '../documents/document-contracts.js';

export const legalHoldBody = z.strictObject({
  reason: z.string().trim().min(1).max(500).describe('why the document must be kept (a case or matter reference)'),
});

export const dueQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^[1-9]\d{0,3}$/)
    .refine((value) => Number(value) <= 1000, 'at most 1000')
    .transform(Number)
    .optional()
    .describe('1 to 1000 (default 100)'),
});

const dueDocumentSchema = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  folderId: z.string().nullable(),
  status: z
    .enum(['completed', 'declined', 'expired', 'cancelled', 'deleted'])
    .describe('deleted: deleted by hand, its audit trail not yet erased'),
  endedAt: z.string(),
  dueAt: z.string(),
  retention: z.object({
    days: z.number().int(),
    source: z.enum(['folder', 'default']),
    folderId: z.string().nullable(),
  }),
});

export const dueListSchema = z.object({
  now: z.string(),
  documents: z.array(dueDocumentSchema),
  more: z.boolean().describe('more documents are due than were listed'),
  held: z
    .array(dueDocumentSchema.extend({ legalHold: z.object({ reason: z.string().nullable() }) }))
    .describe('past their period but kept by a legal hold: never deleted until the hold is released'),
  moreHeld: z.boolean().describe('more held documents are past their period than were listed'),
});

/** Legal holds on documents and what the next retention run would delete. */
export const retentionContracts = defineContracts('retention', {
  placeLegalHold: {
    method: 'put',
    path: '/api/v1/documents/:id/legal-hold',
    ...staffOnDocument({ scope: 'documents:write', minimum: 'manager' }),
    summary:
      'Place a legal hold: the document is kept past its retention period and cannot be deleted ' +
      'until released (manager)',
    body: legalHoldBody,
    responses: { 200: { description: 'the document, held', schema: documentSchema } },
    errors: ['document_deleted'],
  },
  releaseLegalHold: {
    method: 'delete',
    path: '/api/v1/documents/:id/legal-hold',
    ...staffOnDocument({ scope: 'documents:write', minimum: 'manager' }),
    summary: 'Release a legal hold; retention applies again from the next run (manager)',
    responses: { 200: { description: 'the document, not held', schema: documentSchema } },
    errors: ['document_deleted'],
  },
  listDueDocuments: {
    method: 'get',
    path: '/api/v1/retention/due',
    auth: 'admin',
    scope: 'documents:read',
    summary:
      'What a retention run now would delete, oldest end first, and what legal holds keep past ' +
      'their period (administrators); the same as `segl retention run --dry-run`',
    query: dueQuery,
    responses: { 200: { description: 'the documents due for deletion', schema: dueListSchema } },
  },
});
