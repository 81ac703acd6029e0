import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';
import { folderId, staffOnFolder } from '../../contract/staff-on-resource.js';
import { createdSchema, idParam, idSchema, roleSchema } from '../../contract/common-schemas.js';
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
  .describe(
    'days documents in this folder (and below, unless a subfolder sets its own) are kept after they end; null inherits',
  );

export const updateFolderBody = z
  .strictObject({
    name: nameSchema.optional(),
    parentId: idSchema.nullable().optional(),
    retentionDays: retentionDaysSchema.optional(),
  })
  .refine(
    (body) => body.name !== undefined || body.parentId !== undefined || body.retentionDays !== undefined,
    'give name, parentId, retentionDays or several',
  )
  .meta({ minProperties: 1 });

export const createGrantBody = z
  .strictObject({ userId: idSchema.optional(), groupId: idSchema.optional(), role: roleSchema })
  .refine(
    (body) => (body.userId === undefined) !== (body.groupId === undefined),
    'give exactly one of userId and groupId',
  )
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
  folderId: z
    .string()
    .nullable()
    .describe('the folder that sets it (null for the default or a folder the caller cannot see)'),
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
  retention: retentionRuleSchema
    .nullable()
    .describe('the period that applies here and where it is set; null: documents are kept'),
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

/** The folder and grant routes: registered, validated and documented from here. */
export const folderContracts = defineContracts('folders', {
  createFolder: {
    method: 'post',
    path: '/api/v1/folders',
    auth: 'staff',
    scope: 'folders:write',
    summary: 'Create a folder (administrators anywhere; members below a folder they manage)',
    access: { kind: 'folder-body', field: 'parentId', minimum: 'manager' },
    body: createFolderBody,
    responses: { 201: { description: 'created', schema: createdSchema } },
    errors: ['folder_name_taken'],
  },
  listFolders: {
    method: 'get',
    path: '/api/v1/folders',
    auth: 'staff',
    scope: 'folders:read',
    summary: 'The folder tree the caller can see, with their effective role on each folder',
    access: { kind: 'list' },
    responses: { 200: { description: 'the visible tree', schema: folderTreeSchema } },
  },
  getFolder: {
    method: 'get',
    path: '/api/v1/folders/:id',
    ...staffOnFolder({ scope: 'folders:read', minimum: 'viewer' }),
    summary: 'One folder with its visible path and subfolders',
    responses: { 200: { description: 'the folder', schema: folderDetailsSchema } },
  },
  updateFolder: {
    method: 'patch',
    path: '/api/v1/folders/:id',
    ...staffOnFolder({ scope: 'folders:write', minimum: 'manager' }),
    summary:
      'Rename and/or move a folder (manager on it and on the new parent); set its retention period (administrators)',
    body: updateFolderBody,
    responses: { 200: { description: 'the folder after the change', schema: folderDetailsSchema } },
    errors: ['folder_name_taken', 'folder_cycle'],
  },
  deleteFolder: {
    method: 'delete',
    path: '/api/v1/folders/:id',
    ...staffOnFolder({ scope: 'folders:write', minimum: 'manager' }),
    summary: 'Delete an empty folder (no subfolders, no documents)',
    responses: { 204: { description: 'deleted' } },
    errors: ['folder_not_empty'],
  },
  createGrant: {
    method: 'post',
    path: '/api/v1/folders/:id/grants',
    ...staffOnFolder({ scope: 'folders:write', minimum: 'manager' }),
    summary: 'Grant a user or a group a role on a folder and everything below it',
    body: createGrantBody,
    responses: { 201: { description: 'granted', schema: createdSchema } },
    errors: ['grant_exists'],
  },
  listGrants: {
    method: 'get',
    path: '/api/v1/folders/:id/grants',
    ...staffOnFolder({ scope: 'folders:read', minimum: 'manager' }),
    summary: 'The grants made directly on a folder',
    responses: { 200: { description: 'the grants', schema: grantListSchema } },
  },
  deleteGrant: {
    method: 'delete',
    path: '/api/v1/folders/:id/grants/:grantId',
    auth: 'staff',
    scope: 'folders:write',
    summary: 'Remove a grant',
    access: { kind: 'grant', minimum: 'manager' },
    params: { ...folderId, grantId: idParam('grant id') },
    responses: { 204: { description: 'removed' } },
  },
});
