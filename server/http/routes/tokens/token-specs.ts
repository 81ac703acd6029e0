import { z } from 'zod';
import type { RouteSpec } from '../openapi/route-spec.js';

const tag = 'tokens';
const tokenView = z.looseObject({ id: z.string(), name: z.string(), prefix: z.string(), scopes: z.array(z.string()), lastUsedAt: z.string().nullable(), expiresAt: z.string().nullable(), createdAt: z.string() });

/** API tokens (`segl_...`), shown once; routers in routes/tokens (token scope `tokens:manage`). */
export const tokenSpecs = {
  createToken: {
    method: 'post', path: '/api/v1/tokens', operationId: 'createToken', tag, auth: 'staff', scope: 'tokens:manage',
    summary: 'Issue an API token for the caller (shown once); a token gives at most its own scopes and expiry',
    body: z.strictObject({ name: z.string().min(1).max(200), scopes: z.array(z.string()).min(1).max(32).optional(), expiresAt: z.string().optional().describe('ISO 8601 with offset') }),
    responses: {
      201: { description: 'the token, once', schema: z.object({ id: z.string(), name: z.string(), token: z.string(), prefix: z.string(), scopes: z.array(z.string()), expiresAt: z.string().nullable() }) },
    },
  },
  listTokens: {
    method: 'get', path: '/api/v1/tokens', operationId: 'listTokens', tag, auth: 'staff', scope: 'tokens:manage',
    summary: "The caller's tokens (full-scope administrators: any user's), never the secrets",
    query: z.object({ userId: z.string().optional() }),
    responses: { 200: { description: 'the tokens', schema: z.object({ tokens: z.array(tokenView) }) } },
  },
  revokeToken: {
    method: 'delete', path: '/api/v1/tokens/:id', operationId: 'revokeToken', tag, auth: 'staff', scope: 'tokens:manage',
    summary: 'Revoke a token (own ones within the caller\'s scopes; full-scope administrators: anyone\'s)', params: { id: 'token id' },
    responses: { 200: { description: 'revoked', schema: z.object({ id: z.string(), revoked: z.literal(true) }) } },
  },
} satisfies Record<string, RouteSpec>;
