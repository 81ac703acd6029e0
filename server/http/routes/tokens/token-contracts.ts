import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';
import { idParam, idSchema } from '../../contract/common-schemas.js';
import { plainText } from '../../contract/plain-text.js';

const scope = z.string().regex(/^(\*|[a-z][a-z0-9_.:-]{0,63})$/, 'a scope name such as "documents" or "*"');
const createTokenBody = z.strictObject({
  name: plainText({ max: 200 }),
  scopes: z.array(scope).min(1).max(32).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 with offset'),
});
const tokenView = z.object({
  id: z.string(),
  userId: z.string().describe('whose rights the token carries'),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** API tokens (`segl_...`), shown once; routers in routes/tokens (token scope `tokens:manage`). */
export const tokenContracts = defineContracts('tokens', {
  createToken: {
    method: 'post',
    path: '/api/v1/tokens',
    auth: 'staff',
    scope: 'tokens:manage',
    summary: 'Issue an API token for the caller (shown once); a token gives at most its own scopes and expiry',
    body: createTokenBody,
    errors: ['expiry_too_late'],
    responses: {
      201: {
        description: 'the token, once',
        schema: z.object({
          id: z.string(),
          name: z.string(),
          token: z.string(),
          prefix: z.string(),
          scopes: z.array(z.string()),
          expiresAt: z.string().nullable(),
        }),
      },
    },
  },
  listTokens: {
    method: 'get',
    path: '/api/v1/tokens',
    auth: 'staff',
    scope: 'tokens:manage',
    summary: "The caller's tokens (full-scope administrators: any user's), never the secrets",
    query: z.strictObject({ userId: idSchema.optional() }),
    responses: { 200: { description: 'the tokens', schema: z.object({ tokens: z.array(tokenView) }) } },
  },
  revokeToken: {
    method: 'delete',
    path: '/api/v1/tokens/:id',
    auth: 'staff',
    scope: 'tokens:manage',
    summary: "Revoke a token (own ones within the caller's scopes; full-scope administrators: anyone's)",
    params: { id: idParam('token id') },
    responses: { 200: { description: 'revoked', schema: z.object({ id: z.string(), revoked: z.literal(true) }) } },
  },
});
