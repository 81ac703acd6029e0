import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { principalOf } from '../../middleware/authenticate.js';
import { tokenContracts as contracts } from './token-contracts.js';

/**
 * API tokens: create (shown once), list (never the token or its hash), revoke; a token needs `tokens:manage`.
 * Everyone manages their own, and a token never makes or revokes one with more power than itself (scopes a
 * subset of its own, expiry no later than its own); only full-scope administrators list (`?userId=`) and
 * revoke other users' tokens. Someone else's token is 404 to anyone else.
 */
export function tokenRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const { tokens } = deps.services;

  route(contracts.createToken, async (ctx) => {
    const { name, scopes, expiresAt } = ctx.input.body;
    const caller = principalOf(ctx);
    const created = await tokens.issue({
      caller,
      name,
      scopes,
      expiresAt: expiresAt ? new Date(expiresAt) : undefined,
      ip: ctx.ip,
    });
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      id: created.id,
      name: created.name,
      token: created.token,
      prefix: created.token.slice(0, 12),
      scopes: created.scopes,
      expiresAt: created.expiresAt?.toISOString() ?? null,
    };
  });

  route(contracts.listTokens, async (ctx) => {
    const caller = principalOf(ctx);
    ctx.body = { tokens: await tokens.list({ caller, userId: ctx.input.query.userId ?? caller.userId }) };
  });

  route(contracts.revokeToken, async (ctx) => {
    const id = ctx.input.params.id;
    await tokens.revoke({ caller: principalOf(ctx), tokenId: id, ip: ctx.ip });
    ctx.body = { id, revoked: true };
  });
  return router;
}
