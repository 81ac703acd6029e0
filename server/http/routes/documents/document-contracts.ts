import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';
import { staffOnDocument } from '../../contract/staff-on-resource.js';
import { idSchema, isoDate, pageQuery } from '../../contract/common-schemas.js';
import { signerViewSchema } from '../document-signers/document-signer-contracts.js';

export const DOCUMENT_STATUSES = [
  'draft',
  'pending',
  'completed',
  'declined',
  'expired',
  'cancelled',
  'deleted',
] as const;

export const uploadFieldsSchema = z.object({
  title: z.string().trim().min(1).max(300),
  folderId: idSchema.optional(),
  language: z
    .enum(['nb', 'en'])
    .optional()
    .describe("signers' default language and that of the stamp and audit pages (default nb)"),
});

export const listQuerySchema = z.object({
  folderId: idSchema.optional(),
  status: z.enum(DOCUMENT_STATUSES).optional(),
  q: z
    .string()
    .max(200)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters')
    .optional()
    .describe('title contains'),
  createdFrom: isoDate.optional().describe('ISO 8601'),
  createdTo: isoDate.optional().describe('ISO 8601'),
  ...pageQuery,
});

export const moveSchema = z.strictObject({ folderId: idSchema.nullable() });

export const deleteQuerySchema = z.strictObject({
  erase: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'true: erase the title, signers and audit events too (as retention does), also for a document deleted earlier',
    ),
});

/** A document as staff see it (server/domain/documents/document-view.ts). */
export const documentSchema = z.object({
  id: z.string(),
  code: z.string().describe('16 Crockford base32 characters in groups of four'),
  title: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  folderId: z.string().nullable(),
  sha256: z.string().describe('of the original upload'),
  sizeBytes: z.number().int(),
  pageCount: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  order: z.enum(['parallel', 'sequential']),
  language: z.enum(['nb', 'en']).describe("signers' default, and the language of the stamp and audit pages"),
  sentAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  completedAt: z.string().nullable().describe('when the last signer signed'),
  sealedAt: z.string().nullable(),
  level: z.string().nullable().describe("the final PDF's PAdES level, once sealed"),
  finalSha256: z.string().nullable().describe('of the sealed final PDF'),
  endedAt: z.string().nullable().describe('when it reached completed, declined, expired or cancelled'),
  legalHold: z
    .object({ reason: z.string().nullable() })
    .nullable()
    .describe('a hold keeps the document past its retention period'),
  retention: z
    .object({
      days: z.number().int(),
      source: z.enum(['folder', 'default']),
      folderId: z.string().nullable(),
      deleteAfter: z.string().nullable(),
    })
    .nullable()
    .optional()
    .describe('GET of one document: the period that applies and when the document is due for deletion (null: kept)'),
  signers: z.array(signerViewSchema),
});

/** Who may move a document, what they send and what they get back: POST /move and its alias, PATCH on the document. */
const moveToFolder = {
  ...staffOnDocument({ scope: 'documents:write', minimum: 'editor' }),
  body: moveSchema,
  responses: { 200: { description: 'moved', schema: documentSchema } },
} as const;

/** Documents (the archive's contents); routers in routes/documents. */
export const documentContracts = defineContracts('documents', {
  createDocument: {
    method: 'post',
    path: '/api/v1/documents',
    auth: 'staff',
    scope: 'documents:write',
    summary: 'Upload a PDF (stored encrypted) into a folder; editor on the folder',
    access: { kind: 'folder-body', field: 'folderId', minimum: 'editor' },
    upload: { file: 'the PDF', mediaType: 'application/pdf', fields: uploadFieldsSchema },
    responses: {
      201: {
        description: 'created',
        schema: z.object({ id: z.string(), code: z.string(), status: z.literal('draft') }),
      },
    },
    errors: [
      'insufficient_storage',
      'invalid_idempotency_key',
      'idempotency_conflict',
      'not_a_pdf',
      'pdf_unreadable',
      'pdf_encrypted',
      'pdf_too_many_pages',
    ],
  },
  listDocuments: {
    method: 'get',
    path: '/api/v1/documents',
    auth: 'staff',
    scope: 'documents:read',
    summary: 'Documents in the folders the caller can see',
    access: { kind: 'list' },
    query: listQuerySchema,
    responses: {
      200: {
        description: 'a page of documents',
        schema: z.object({ documents: z.array(documentSchema), nextCursor: z.string().nullable().optional() }),
      },
    },
  },
  getDocument: {
    method: 'get',
    path: '/api/v1/documents/:id',
    ...staffOnDocument({ scope: 'documents:read', minimum: 'viewer' }),
    summary: 'One document with its signers',
    responses: { 200: { description: 'the document', schema: documentSchema } },
  },
  getDocumentPdf: {
    method: 'get',
    path: '/api/v1/documents/:id/pdf',
    ...staffOnDocument({ scope: 'documents:read', minimum: 'viewer' }),
    summary: 'The PDF (the final one once completed)',
    responses: { 200: { description: 'the PDF bytes', contentType: 'application/pdf' } },
    // the download cannot be recorded in the audit trail on a full disk
    errors: ['insufficient_storage', 'document_unreadable'],
  },
  moveDocument: {
    method: 'post',
    path: '/api/v1/documents/:id/move',
    ...moveToFolder,
    summary: 'Move a document to another folder (editor on both; the top level is for administrators)',
  },
  updateDocument: {
    method: 'patch',
    path: '/api/v1/documents/:id',
    ...moveToFolder,
    summary: 'The same as POST /move: change the folder',
  },
  deleteDocument: {
    method: 'delete',
    path: '/api/v1/documents/:id',
    ...staffOnDocument({ scope: 'documents:write', minimum: 'manager' }),
    summary:
      'Delete a document (crypto-shredding its key); a tombstone remains; ?erase=true erases its personal data too',
    query: deleteQuerySchema,
    responses: { 200: { description: 'deleted: the tombstone', schema: documentSchema } },
    errors: ['legal_hold'],
  },
});
