import { z } from 'zod';
import { idSchema, roleSchema } from '../openapi/common-schemas.js';
import { MAX_RETENTION_DAYS } from '../../../lib/config.js';

/** Names are checked fully in the domain (control characters, '/', '.', '..'); here only type and length. */
const nameSchema = z.string().min(1).max(200);

export const createFolderBody = z.strictObject({ name: nameSchema, parentId: idSchema.nullable().optional() });

export const retentionDaysSchema = z
  .number()
  .int()
  .min(1)
  .max(MAX_RETENTION_DAYS)
  .nullable()
  .describe('days documents in this folder (and below, unless a subfolder sets its own) are kept after they end; null inherits');

export const updateFolderBody = z
  .strictObject({ name: nameSchema.optional(), parentId: idSchema.nullable().optional(), retentionDays: retentionDaysSchema.optional() })
  .refine((body) => body.name !== undefined || body.parentId !== undefined || body.retentionDays !== undefined, 'give name, parentId, retentionDays or several')
  .meta({ minProperties: 1 });

export const createGrantBody = z
  .strictObject({ userId: idSchema.optional(), groupId: idSchema.optional(), role: roleSchema })
  .refine((body) => (body.userId === undefined) !== (body.groupId === undefined), 'give exactly one of userId and groupId')
  .meta({ oneOf: [{ required: ['userId'] }, { required: ['groupId'] }] });

const effectiveRole = z.enum(['viewer', 'editor', 'manager', 'admin']);

export const folderNodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  role: effectiveRole,
  createdAt: z.string(),
  updatedAt: z.string(),
  children: z.array(z.looseObject({})).describe('subfolders, each a folder node like this one'),
});

export const folderTreeSchema = z.object({ folders: z.array(folderNodeSchema) });

export const retentionRuleSchema = z.object({
  days: z.number().int(),
  source: z.enum(['folder', 'default']).describe('a folder (this one or an ancestor) or SEGL_RETENTION_DAYS'),
  folderId: z.string().nullable().describe('the folder that sets it (null for the default or a folder the caller cannot see)'),
});

export const folderDetailsSchema = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  role: effectiveRole,
  path: z.array(z.object({ id: z.string(), name: z.string() })),
  children: z.array(z.object({ id: z.string(), name: z.string() })),
  documentCount: z.number().int(),
  retentionDays: z.number().int().nullable(),
  retention: retentionRuleSchema.nullable().describe('the period that applies here and where it is set; null: documents are kept'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const grantListSchema = z.object({
  grants: z.array(
    z.object({
      id: z.string(),
      folderId: z.string(),
      role: roleSchema,
      user: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
      group: z.object({ id: z.string(), name: z.string() }).nullable(),
      createdAt: z.string(),
    }),
  ),
});
