import { z } from 'zod';
import { idSchema, roleSchema } from '../openapi/common-schemas.js';

/** Names are checked fully in the domain (control characters, '/', '.', '..'); here only type and length. */
const nameSchema = z.string().min(1).max(200);

export const createFolderBody = z.strictObject({ name: nameSchema, parentId: idSchema.nullable().optional() });

export const updateFolderBody = z
  .strictObject({ name: nameSchema.optional(), parentId: idSchema.nullable().optional() })
  .refine((body) => body.name !== undefined || body.parentId !== undefined, 'give name, parentId or both')
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

export const folderDetailsSchema = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  role: effectiveRole,
  path: z.array(z.object({ id: z.string(), name: z.string() })),
  children: z.array(z.object({ id: z.string(), name: z.string() })),
  documentCount: z.number().int(),
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
