import type { RouteSpec } from '../openapi/route-spec.js';
import { createdSchema } from '../openapi/common-schemas.js';
import { createFolderBody, createGrantBody, folderDetailsSchema, folderTreeSchema, grantListSchema, updateFolderBody } from './folder-schemas.js';

const folderId = { id: 'folder id' };
const tag = 'folders';

/** The folder and grant routes: registered from here and documented from here. */
export const folderSpecs = {
  createFolder: {
    method: 'post', path: '/api/v1/folders', operationId: 'createFolder', tag, auth: 'staff', scope: 'folders:write',
    summary: 'Create a folder (administrators anywhere; members below a folder they manage)',
    access: { kind: 'folder-body', field: 'parentId', minimum: 'manager' },
    body: createFolderBody,
    responses: { 201: { description: 'created', schema: createdSchema }, 409: { description: 'folder_name_taken' } },
  },
  listFolders: {
    method: 'get', path: '/api/v1/folders', operationId: 'listFolders', tag, auth: 'staff', scope: 'folders:read',
    summary: 'The folder tree the caller can see, with their effective role on each folder',
    access: { kind: 'list' },
    responses: { 200: { description: 'the visible tree', schema: folderTreeSchema } },
  },
  getFolder: {
    method: 'get', path: '/api/v1/folders/:id', operationId: 'getFolder', tag, auth: 'staff', scope: 'folders:read',
    summary: 'One folder with its visible path and subfolders',
    access: { kind: 'folder', minimum: 'viewer' }, params: folderId,
    responses: { 200: { description: 'the folder', schema: folderDetailsSchema } },
  },
  updateFolder: {
    method: 'patch', path: '/api/v1/folders/:id', operationId: 'updateFolder', tag, auth: 'staff', scope: 'folders:write',
    summary: 'Rename and/or move a folder (manager on it and on the new parent); set its retention period (administrators)',
    access: { kind: 'folder', minimum: 'manager' }, params: folderId, body: updateFolderBody,
    responses: { 200: { description: 'the folder after the change', schema: folderDetailsSchema }, 409: { description: 'folder_name_taken or folder_cycle' } },
  },
  deleteFolder: {
    method: 'delete', path: '/api/v1/folders/:id', operationId: 'deleteFolder', tag, auth: 'staff', scope: 'folders:write',
    summary: 'Delete an empty folder (no subfolders, no documents)',
    access: { kind: 'folder', minimum: 'manager' }, params: folderId,
    responses: { 204: { description: 'deleted' }, 409: { description: 'folder_not_empty' } },
  },
  createGrant: {
    method: 'post', path: '/api/v1/folders/:id/grants', operationId: 'createGrant', tag, auth: 'staff', scope: 'folders:write',
    summary: 'Grant a user or a group a role on a folder and everything below it',
    access: { kind: 'folder', minimum: 'manager' }, params: folderId, body: createGrantBody,
    responses: { 201: { description: 'granted', schema: createdSchema }, 409: { description: 'grant_exists' } },
  },
  listGrants: {
    method: 'get', path: '/api/v1/folders/:id/grants', operationId: 'listGrants', tag, auth: 'staff', scope: 'folders:read',
    summary: 'The grants made directly on a folder',
    access: { kind: 'folder', minimum: 'manager' }, params: folderId,
    responses: { 200: { description: 'the grants', schema: grantListSchema } },
  },
  deleteGrant: {
    method: 'delete', path: '/api/v1/folders/:id/grants/:grantId', operationId: 'deleteGrant', tag, auth: 'staff', scope: 'folders:write',
    summary: 'Remove a grant',
    access: { kind: 'grant', minimum: 'manager' }, params: { ...folderId, grantId: 'grant id' },
    responses: { 204: { description: 'removed' } },
  },
} satisfies Record<string, RouteSpec>;
