import { z } from 'zod';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an id');
const date = z
  .string()
  .max(40)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not an ISO 8601 date')
  .transform((value) => new Date(value));

export const DOCUMENT_STATUSES = ['draft', 'pending', 'completed', 'declined', 'expired', 'cancelled', 'deleted'] as const;

export const uploadFieldsSchema = z.object({
  title: z.string().trim().min(1).max(300),
  folderId: id.optional(),
  language: z.enum(['nb', 'en']).optional(),
});

export const listQuerySchema = z.object({
  folderId: id.optional(),
  status: z.enum(DOCUMENT_STATUSES).optional(),
  q: z.string().max(200).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters').optional(),
  createdFrom: date.optional(),
  createdTo: date.optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(500).regex(/^[A-Za-z0-9_-]*$/, 'not a cursor').optional(),
});

export const moveSchema = z.object({ folderId: id.nullable() }).strict();

export const deleteQuerySchema = z.strictObject({
  erase: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: erase the title, signers and audit events too (as retention does), also for a document deleted earlier'),
});
