import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';
import { emptyBody, oidcCallbackQuery } from '../../contract/common-schemas.js';
import { plainText } from '../../contract/plain-text.js';

const loginBody = z.strictObject({
  email: plainText({ min: 3, max: 320 }),
  password: z.string().min(1).max(1024),
});

const secondFactorBody = z.union([
  z.strictObject({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'a 6-digit code'),
  }),
  z.strictObject({ recoveryCode: z.string().trim().min(10).max(40) }),
]);

export const ssoCallbackQuery = oidcCallbackQuery.extend({ error_description: z.string().max(1000).optional() });

/** Staff sign-in: password + TOTP, single sign-on; routers in routes/auth. */
export const authContracts = defineContracts('auth', {
  login: {
    method: 'post',
    path: '/api/v1/auth/login',
    auth: 'public',
    summary: 'First factor: e-mail and password (sets a partial session cookie)',
    body: loginBody,
    responses: {
      200: {
        description: 'the second factor is due',
        schema: z.object({ next: z.literal('totp'), expiresAt: z.string() }),
      },
    },
    errors: ['rate_limited', 'invalid_credentials', 'csrf_rejected'],
  },
  verifyTotp: {
    method: 'post',
    path: '/api/v1/auth/totp',
    auth: 'public',
    summary: 'Second factor: a TOTP code or a recovery code (completes the session)',
    body: secondFactorBody,
    errors: ['rate_limited', { code: 'invalid_code', status: 401 }, 'unauthenticated', 'csrf_rejected'],
    responses: {
      200: {
        description: 'signed in',
        schema: z.object({
          status: z.literal('signed_in'),
          userId: z.string(),
          expiresAt: z.string(),
          remainingRecoveryCodes: z.number().int().optional(),
        }),
      },
    },
  },
  logout: {
    method: 'post',
    path: '/api/v1/auth/logout',
    auth: 'public',
    summary: 'End the session behind the cookie (idempotent)',
    body: emptyBody,
    errors: ['csrf_rejected'],
    responses: { 200: { description: 'signed out', schema: z.object({ status: z.literal('signed_out') }) } },
  },
  me: {
    method: 'get',
    path: '/api/v1/auth/me',
    operationId: 'getMe',
    auth: 'staff',
    summary: 'Who is calling',
    responses: {
      200: {
        description: 'the caller',
        schema: z.object({
          id: z.string(),
          email: z.string(),
          name: z.string(),
          role: z.enum(['admin', 'member']),
          via: z.enum(['session', 'token']),
          scopes: z.array(z.string()),
          tokenId: z.string().optional(),
        }),
      },
    },
  },
  options: {
    method: 'get',
    path: '/api/v1/auth/options',
    operationId: 'getLoginOptions',
    auth: 'public',
    summary: 'What the login page offers (password, single sign-on)',
    responses: {
      200: {
        description: 'the options',
        schema: z.object({
          password: z.boolean(),
          sso: z.object({ name: z.string(), startUrl: z.string() }).nullable(),
        }),
      },
    },
  },
  ssoStart: {
    method: 'get',
    path: '/api/v1/auth/sso/start',
    operationId: 'startSso',
    auth: 'public',
    summary: 'Redirect to the OIDC provider',
    responses: { 302: { description: 'redirect to the provider' } },
    errors: ['rate_limited', 'sso_not_configured', 'sso_unavailable'],
  },
  ssoCallback: {
    method: 'get',
    path: '/api/v1/auth/sso/callback',
    operationId: 'finishSso',
    auth: 'public',
    summary: 'The OIDC redirect target; starts a session and redirects to /app',
    query: ssoCallbackQuery,
    responses: { 302: { description: 'redirect into the app' } },
    errors: ['rate_limited', 'sso_not_configured', 'sso_failed', 'sso_no_account', 'sso_unavailable'],
  },
});
