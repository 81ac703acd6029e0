import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';
import { emptyBody, emptyQuery, idParam } from '../../contract/common-schemas.js';
import { plainText } from '../../contract/plain-text.js';

const userId = { id: idParam('user id') };
const role = z.enum(['admin', 'member']);
const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  status: z.enum(['invited', 'active', 'locked', 'disabled']),
  sso: z.boolean().describe('signs in through single sign-on'),
  createdAt: z.string().nullable(),
  disabledAt: z.string().nullable(),
  lockedUntil: z.string().nullable().describe('sign-in guesses are refused until then (status locked)'),
});

/** Staff accounts; routers in routes/users (token scope `users`). */
export const userContracts = defineContracts('users', {
  createUser: {
    method: 'post',
    path: '/api/v1/users',
    auth: 'admin',
    scope: 'users',
    summary: 'Invite a staff user (answers a one-time enrolment link)',
    body: z.strictObject({ email: z.email().max(320), name: plainText({ max: 200 }), role }),
    responses: {
      201: {
        description: 'created',
        schema: z.object({
          id: z.string(),
          email: z.string(),
          name: z.string(),
          role,
          enrolmentUrl: z.string().describe('one-time: password and TOTP are set there'),
        }),
      },
    },
    errors: ['email_taken'],
  },
  listUsers: {
    method: 'get',
    path: '/api/v1/users',
    auth: 'staff',
    scope: 'users',
    summary: 'Every staff user (members see only themselves)',
    query: emptyQuery,
    responses: { 200: { description: 'the users', schema: z.object({ users: z.array(userSchema) }) } },
  },
  getUser: {
    method: 'get',
    path: '/api/v1/users/:id',
    auth: 'staff',
    scope: 'users',
    summary: 'One staff user (members: only themselves)',
    params: userId,
    responses: { 200: { description: 'the user', schema: userSchema } },
  },
  updateUser: {
    method: 'patch',
    path: '/api/v1/users/:id',
    auth: 'admin',
    scope: 'users',
    summary: 'Change name or role, disable or enable',
    params: userId,
    body: z
      .strictObject({
        name: plainText({ max: 200 }).optional(),
        role: role.optional(),
        disabled: z.boolean().optional(),
      })
      .refine((v) => Object.keys(v).length > 0, 'send at least one of name, role, disabled'),
    errors: ['last_admin'],
    responses: { 200: { description: 'the user', schema: userSchema } },
  },
  disableUser: {
    method: 'delete',
    path: '/api/v1/users/:id',
    auth: 'admin',
    scope: 'users',
    summary: 'Disable a user (the account stays for the audit trail)',
    params: userId,
    errors: ['last_admin'],
    responses: { 200: { description: 'the disabled user', schema: userSchema } },
  },
  resetEnrolment: {
    method: 'post',
    path: '/api/v1/users/:id/enrolment',
    auth: 'admin',
    scope: 'users',
    summary:
      'A new one-time enrolment link (expired invitation or lost authenticator); password and TOTP are set again',
    params: userId,
    body: emptyBody,
    responses: { 200: { description: 'the new link', schema: z.object({ id: z.string(), enrolmentUrl: z.string() }) } },
  },
  unlockUser: {
    method: 'post',
    path: '/api/v1/users/:id/unlock',
    auth: 'admin',
    scope: 'users',
    summary: 'Lift a sign-in lockout: failed attempts on the account are forgotten on every network',
    params: userId,
    body: emptyBody,
    responses: { 200: { description: 'the user', schema: userSchema } },
  },
});
