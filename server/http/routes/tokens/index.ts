import Router from '@koa/router';
import { z } from 'zod';
import type { AppDependencies } from '../../create-app.js';
import { authenticate, principalOf } from '../../middleware/authenticate.js';
import { idParam, parseBody, parseQuery } from '../../validate.js';
import { issueApiToken } from '../../../domain/tokens/issue-api-token.js';
import { listApiTokens, revokeApiToken } from '../../../domain/tokens/manage-api-tokens.js';
import { limitNewToken, TOKENS_MANAGE_SCOPE } from '../../../domain/tokens/token-limits.js';
import { plainText } from '../auth/plain-text.js';

const scope = z.string().regex(/^(\*|[a-z][a-z0-9_.:-]{0,63})$/, 'a scope name such as "documents" or "*"');
const createSchema = z.strictObject({
  name: plainText({ max: 200 }),
  scopes: z.array(scope).min(1).max(32).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
const listQuery = z.strictObject({ userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional() });

/**
 * API tokens: create (shown once), list (never the token or its hash), revoke; a token needs `tokens:manage`.
 * Everyone manages their own, and a token never makes or revokes one with more power than itself (scopes a
 * subset of its own, expiry no later than its own); only full-scope administrators list (`?userId=`) and
 * revoke other users' tokens. Someone else's token is 404 to anyone else.
 */
export function tokenRoutes(deps: AppDependencies): Router {
  const { db, clock } = deps;
  const router = new Router({ prefix: '/api/v1/tokens' });
  const auth = authenticate(deps, { scope: TOKENS_MANAGE_SCOPE });

  router.post('/', auth, async (ctx) => {
    const body = await parseBody(ctx, createSchema);
    const p = principalOf(ctx);
    const scopes = body.scopes ?? ['*'];
    const expiresAt = limitNewToken({ caller: p, scopes, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null });
    const created = await issueApiToken({ db, clock, actorId: p.userId, userId: p.userId, name: body.name, scopes, expiresAt, ip: ctx.ip });
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { id: created.id, name: created.name, token: created.token, prefix: created.token.slice(0, 12), scopes: created.scopes, expiresAt: expiresAt?.toISOString() ?? null };
  });

  router.get('/', auth, async (ctx) => {
    const query = parseQuery(ctx, listQuery);
    const p = principalOf(ctx);
    ctx.body = { tokens: await listApiTokens({ db, caller: p, userId: query.userId ?? p.userId }) };
  });

  router.delete('/:id', auth, async (ctx) => {
    const id = idParam(ctx);
    const p = principalOf(ctx);
    await revokeApiToken({ db, clock, caller: p, tokenId: id, ip: ctx.ip });
    ctx.body = { id, revoked: true };
  });
  return router;
}
