import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { principalOf } from '../../middleware/authenticate.js';
import { SeglError } from '../../../lib/errors.js';
import { userContracts as contracts } from './user-contracts.js';

/**
 * Staff accounts. Admins manage everyone; a member may list and read only their own account (GET /users answers
 * just them, any other id 404). Deleting disables (history stays attributable) and ends every session.
 */
export function userRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const { users } = deps.services;
  const actorOf = (ctx: Parameters<typeof principalOf>[0]) => principalOf(ctx).userId;

  route(contracts.createUser, async (ctx) => {
    const created = await users.invite({ actorId: actorOf(ctx), ...ctx.input.body, ip: ctx.ip });
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = created;
  });

  route(contracts.listUsers, async (ctx) => {
    const p = principalOf(ctx);
    ctx.body = { users: await users.list({ onlyId: p.role === 'admin' ? undefined : p.userId }) };
  });

  route(contracts.getUser, async (ctx) => {
    const id = ctx.input.params.id;
    const p = principalOf(ctx);
    if (p.role !== 'admin' && id !== p.userId) throw new SeglError({ code: 'not_found', message: 'user not found' });
    ctx.body = await users.get({ userId: id });
  });

  route(contracts.updateUser, async (ctx) => {
    const changes = ctx.input.body;
    ctx.body = await users.update({ actorId: actorOf(ctx), userId: ctx.input.params.id, changes, ip: ctx.ip });
  });

  route(contracts.disableUser, async (ctx) => {
    const changes = { disabled: true };
    ctx.body = await users.update({ actorId: actorOf(ctx), userId: ctx.input.params.id, changes, ip: ctx.ip });
  });
  /** A new enrolment link (expired invitation or lost authenticator): password and TOTP are set again. */
  route(contracts.resetEnrolment, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await users.resetEnrolment({ actorId: actorOf(ctx), userId: ctx.input.params.id, ip: ctx.ip });
  });
  /** Lifts a sign-in lockout (GET /users shows `status: "locked"` and `lockedUntil`). */
  route(contracts.unlockUser, async (ctx) => {
    ctx.body = await users.unlock({ actorId: actorOf(ctx), userId: ctx.input.params.id, ip: ctx.ip });
  });
  return router;
}
