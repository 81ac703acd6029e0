import { z } from 'zod';
import type { RouteSpec } from '../openapi/route-spec.js';

const tag = 'auth';

/** Staff sign-in: password + TOTP, single sign-on; routers in routes/auth. */
export const authSpecs = {
  login: {
    method: 'post', path: '/api/v1/auth/login', operationId: 'login', tag, auth: 'public', summary: 'First factor: e-mail and password (sets a partial session cookie)',
    body: z.strictObject({ email: z.string().min(3).max(320), password: z.string().min(1).max(1024) }),
    responses: { 200: { description: 'the second factor is due', schema: z.object({ next: z.literal('totp'), expiresAt: z.string() }) }, 429: { description: 'rate_limited (Retry-After)' } },
  },
  verifyTotp: {
    method: 'post', path: '/api/v1/auth/totp', operationId: 'verifyTotp', tag, auth: 'public', summary: 'Second factor: a TOTP code or a recovery code (completes the session)',
    body: z.union([z.strictObject({ code: z.string().regex(/^\d{6}$/) }), z.strictObject({ recoveryCode: z.string().min(10).max(40) })]),
    responses: { 200: { description: 'signed in', schema: z.object({ status: z.literal('signed_in'), userId: z.string(), expiresAt: z.string(), remainingRecoveryCodes: z.number().int().optional() }) }, 429: { description: 'rate_limited' } },
  },
  logout: {
    method: 'post', path: '/api/v1/auth/logout', operationId: 'logout', tag, auth: 'public', summary: 'End the session behind the cookie (idempotent)',
    body: z.strictObject({}),
    responses: { 200: { description: 'signed out', schema: z.object({ status: z.literal('signed_out') }) } },
  },
  me: {
    method: 'get', path: '/api/v1/auth/me', operationId: 'getMe', tag, auth: 'staff', summary: 'Who is calling',
    responses: { 200: { description: 'the caller', schema: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(['admin', 'member']), via: z.enum(['session', 'token']), scopes: z.array(z.string()), tokenId: z.string().optional() }) } },
  },
  options: {
    method: 'get', path: '/api/v1/auth/options', operationId: 'getLoginOptions', tag, auth: 'public', summary: 'What the login page offers (password, single sign-on)',
    responses: { 200: { description: 'the options', schema: z.object({ password: z.boolean(), sso: z.object({ name: z.string(), startUrl: z.string() }).nullable() }) } },
  },
  ssoStart: {
    method: 'get', path: '/api/v1/auth/sso/start', operationId: 'startSso', tag, auth: 'public', summary: 'Redirect to the OIDC provider',
    responses: { 302: { description: 'redirect to the provider' }, 429: { description: 'rate_limited' } },
  },
  ssoCallback: {
    method: 'get', path: '/api/v1/auth/sso/callback', operationId: 'finishSso', tag, auth: 'public', summary: 'The OIDC redirect target; starts a session and redirects to /app',
    query: z.object({ code: z.string().optional(), state: z.string().optional(), error: z.string().optional(), error_description: z.string().optional() }),
    responses: { 302: { description: 'redirect into the app' } },
  },
} satisfies Record<string, RouteSpec>;
