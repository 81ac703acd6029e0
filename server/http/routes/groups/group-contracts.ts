import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';
import { createdSchema, idParam, idSchema } from '../../contract/common-schemas.js';

export const createGroupBody = z.strictObject({ name: z.string().min(1).max(200) });
export const addMemberBody = z.strictObject({ userId: idSchema });

export const groupListSchema = z.object({
  groups: z.array(z.object({ id: z.string(), name: z.string(), memberCount: z.number().int(), createdAt: z.string() })),
});

export const groupDetailsSchema = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(
    z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.enum(['admin', 'member']) }),
  ),
  createdAt: z.string(),
});

const groupId = { id: idParam('group id') };

/** Staff groups (administrators only): registered, validated and documented from here. */
export const groupContracts = defineContracts('groups', {
  createGroup: {
    method: 'post',
    path: '/api/v1/groups',
    auth: 'admin',
    scope: 'groups',
    summary: 'Create a group',
    body: createGroupBody,
    responses: { 201: { description: 'created', schema: createdSchema } },
    errors: ['group_name_taken'],
  },
  listGroups: {
    method: 'get',
    path: '/api/v1/groups',
    auth: 'admin',
    scope: 'groups',
    summary: 'Every group with its member count',
    responses: { 200: { description: 'the groups', schema: groupListSchema } },
  },
  getGroup: {
    method: 'get',
    path: '/api/v1/groups/:id',
    auth: 'admin',
    scope: 'groups',
    summary: 'A group with its members',
    params: groupId,
    responses: { 200: { description: 'the group', schema: groupDetailsSchema } },
  },
  addGroupMember: {
    method: 'post',
    path: '/api/v1/groups/:id/members',
    auth: 'admin',
    scope: 'groups',
    summary: 'Add a user to a group',
    params: groupId,
    body: addMemberBody,
    responses: { 201: { description: 'added', schema: z.object({ groupId: z.string(), userId: z.string() }) } },
    errors: ['already_member'],
  },
  removeGroupMember: {
    method: 'delete',
    path: '/api/v1/groups/:id/members/:userId',
    auth: 'admin',
    scope: 'groups',
    summary: 'Take a user out of a group',
    params: { ...groupId, userId: idParam('user id') },
    responses: { 204: { description: 'removed' } },
  },
  deleteGroup: {
    method: 'delete',
    path: '/api/v1/groups/:id',
    auth: 'admin',
    scope: 'groups',
    summary: 'Delete a group with its memberships and grants',
    params: groupId,
    responses: { 204: { description: 'deleted' } },
  },
});
