import { z } from 'zod';
import type { RouteSpec } from '../openapi/route-spec.js';
import { idSchema } from '../openapi/common-schemas.js';
import { deleteQuerySchema } from './document-schemas.js';

const tag = 'documents';
const documentId = { id: 'document id' };

const documentSchema = z.object({
  id: z.string(),
  code: z.string().describe('16 Crockford base32 characters in groups of four'),
  title: z.string(),
  status: z.enum(['draft', 'pending', 'completed', 'declined', 'expired', 'cancelled', 'deleted']),
  folderId: z.string().nullable(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  pageCount: z.number().int(),
  createdAt: z.string(),
  endedAt: z.string().nullable().describe('when it reached completed, declined, expired or cancelled'),
  legalHold: z.object({ reason: z.string().nullable() }).nullable().describe('a hold keeps the document past its retention period'),
  retention: z
    .object({ days: z.number().int(), source: z.enum(['folder', 'default']), folderId: z.string().nullable(), deleteAfter: z.string().nullable() })
    .nullable()
    .optional()
    .describe('GET of one document: the period that applies and when the document is due for deletion (null: kept)'),
  signers: z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), signedAt: z.string().nullable() })),
});

/** Documents (the archive's contents); routers in routes/documents. */
export const documentSpecs = {
  createDocument: {
    method: 'post', path: '/api/v1/documents', operationId: 'createDocument', tag, auth: 'staff', scope: 'documents:write',
    summary: 'Upload a PDF (stored encrypted) into a folder; editor on the folder',
    access: { kind: 'folder-body', field: 'folderId', minimum: 'editor' },
    multipart: z.object({ file: z.string().describe('the PDF'), title: z.string().min(1).max(300), folderId: idSchema.optional(), language: z.enum(['nb', 'en']).optional().describe('signers\' default language and that of the stamp and audit pages (default nb)') }),
    responses: {
      201: { description: 'created', schema: z.object({ id: z.string(), code: z.string(), status: z.literal('draft') }) },
      413: { description: 'payload_too_large' },
      507: { description: 'insufficient_storage: free disk space is below SEGL_MIN_FREE_BYTES, or the disk is full' },
    },
  },
  listDocuments: {
    method: 'get', path: '/api/v1/documents', operationId: 'listDocuments', tag, auth: 'staff', scope: 'documents:read',
    summary: 'Documents in the folders the caller can see',
    access: { kind: 'list' },
    query: z.object({
      folderId: idSchema.optional(),
      status: z.enum(['draft', 'pending', 'completed', 'declined', 'expired', 'cancelled', 'deleted']).optional(),
      q: z.string().max(200).optional().describe('title contains'),
      createdFrom: z.string().optional().describe('ISO 8601'),
      createdTo: z.string().optional().describe('ISO 8601'),
      limit: z.string().optional().describe('1 to 100'),
      cursor: z.string().max(500).optional(),
    }),
    responses: { 200: { description: 'a page of documents', schema: z.object({ documents: z.array(documentSchema), nextCursor: z.string().nullable().optional() }) } },
  },
  getDocument: {
    method: 'get', path: '/api/v1/documents/:id', operationId: 'getDocument', tag, auth: 'staff', scope: 'documents:read',
    summary: 'One document with its signers', access: { kind: 'document', minimum: 'viewer' }, params: documentId,
    responses: { 200: { description: 'the document', schema: documentSchema } },
  },
  getDocumentPdf: {
    method: 'get', path: '/api/v1/documents/:id/pdf', operationId: 'getDocumentPdf', tag, auth: 'staff', scope: 'documents:read',
    summary: 'The PDF (the final one once completed)', access: { kind: 'document', minimum: 'viewer' }, params: documentId,
    responses: {
      200: { description: 'the PDF bytes', contentType: 'application/pdf' },
      507: { description: 'insufficient_storage: the download cannot be recorded in the audit trail (full disk)' },
    },
  },
  moveDocument: {
    method: 'post', path: '/api/v1/documents/:id/move', operationId: 'moveDocument', tag, auth: 'staff', scope: 'documents:write',
    summary: 'Move a document to another folder (editor on both; the top level is for administrators)', access: { kind: 'document', minimum: 'editor' }, params: documentId,
    body: z.strictObject({ folderId: idSchema.nullable() }),
    responses: { 200: { description: 'moved', schema: documentSchema } },
  },
  updateDocument: {
    method: 'patch', path: '/api/v1/documents/:id', operationId: 'updateDocument', tag, auth: 'staff', scope: 'documents:write',
    summary: 'The same as POST /move: change the folder', access: { kind: 'document', minimum: 'editor' }, params: documentId,
    body: z.strictObject({ folderId: idSchema.nullable() }),
    responses: { 200: { description: 'moved', schema: documentSchema } },
  },
  deleteDocument: {
    method: 'delete', path: '/api/v1/documents/:id', operationId: 'deleteDocument', tag, auth: 'staff', scope: 'documents:write',
    summary: 'Delete a document (crypto-shredding its key); a tombstone remains; ?erase=true erases its personal data too', access: { kind: 'document', minimum: 'manager' }, params: documentId,
    query: deleteQuerySchema,
    responses: { 200: { description: 'deleted: the tombstone', schema: documentSchema }, 409: { description: 'legal_hold' } },
  },
} satisfies Record<string, RouteSpec>;
