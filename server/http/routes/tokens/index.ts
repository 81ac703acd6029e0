import Router from '@koa/router';
import { z } from 'zod';
import type { AppDependencies } from '../../create-app.js';
import { authenticate, principalOf } from '../../middleware/authenticate.js';
import { idParam, parseBody, parseQuery } from '../../validate.js';
import { issueApiToken } from '../../../domain/tokens/issue-api-token.js';
import { listApiTokens, revokeApiToken } from '../../../domain/tokens/manage-api-tokens.js';
import { SeglError } from '../../../lib/errors.js';
import { plainText } from '../auth/plain-text.js';

const scope = z.string().regex(/^(\*|[a-z][a-z0-9_.:-]{0,63})$/, 'a scope name such as "documents" or "*"');
const createSchema = z.strictObject({
  name: plainText({ max: 200 }),
  scopes: z.array(scope).min(1).max(32).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
const listQuery = z.strictObject({ userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional() });

/**
 * API tokens: create (shown once), list (never the token or its hash), revoke. Everyone manages their own;
 * admins may list (`?userId=`) and revoke anyone's. Someone else's token is 404 to a member.
 */
export function tokenRoutes(deps: AppDependencies): Router {
  const { db, clock } = deps;
  const router = new Router({ prefix: '/api/v1/tokens' });
  const auth = authenticate(deps);

  router.post('/', auth, async (ctx) => {
    const body = await parseBody(ctx, createSchema);
    const p = principalOf(ctx);
    const scopes = body.scopes ?? ['*'];
    // a token cannot mint a token with more power than itself
    if (!p.scopes.includes('*') && !scopes.every((s) => s !== '*' && p.scopes.includes(s))) {
      throw new SeglError({ code: 'insufficient_scope', message: 'a token can only create tokens with scopes it has itself', status: 403 });
    }
    const created = await issueApiToken({ db, clock, actorId: p.userId, userId: p.userId, name: body.name, scopes, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null, ip: ctx.ip });
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { id: created.id, name: created.name, token: created.token, prefix: created.token.slice(0, 12), scopes: created.scopes, expiresAt: body.expiresAt ? new Date(body.expiresAt).toISOString() : null };
  });

  router.get('/', auth, async (ctx) => {
    const query = parseQuery(ctx, listQuery);
    const p = principalOf(ctx);
    const userId = query.userId ?? p.userId;
    if (userId !== p.userId && p.role !== 'admin') throw new SeglError({ code: 'not_found', message: 'user not found', status: 404 });
    ctx.body = { tokens: await listApiTokens({ db, userId }) };
  });

  router.delete('/:id', auth, async (ctx) => {
    const id = idParam(ctx);
    const p = principalOf(ctx);
    await revokeApiToken({ db, clock, actor: { userId: p.userId, role: p.role }, tokenId: id, ip: ctx.ip });
    ctx.body = { id, revoked: true };
  });
  return router;
}
