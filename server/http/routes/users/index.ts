import Router from '@koa/router';
import { z } from 'zod';
import type { AppDependencies } from '../../create-app.js';
import { authenticate, principalOf, requireAdmin } from '../../middleware/authenticate.js';
import { idParam, parseBody, parseQuery } from '../../validate.js';
import { inviteUser } from '../../../domain/users/invite-user.js';
import { getUser, listUsers, updateUser } from '../../../domain/users/manage-users.js';
import { resetEnrolment } from '../../../domain/users/reset-enrolment.js';
import { unlockUser } from '../../../domain/users/unlock-user.js';
import { SeglError } from '../../../lib/errors.js';
import { plainText } from '../auth/plain-text.js';

const role = z.enum(['admin', 'member']);
const createSchema = z.strictObject({
  email: z.email().max(320),
  name: plainText({ max: 200 }),
  role,
});
const updateSchema = z
  .strictObject({ name: plainText({ max: 200 }).optional(), role: role.optional(), disabled: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'send at least one of name, role, disabled');
const emptyQuery = z.strictObject({});

/**
 * Staff accounts. Admins manage everyone; a member may list and read only their own account (GET /users answers
 * just them, any other id 404). Deleting disables (history stays attributable) and ends every session.
 */
export function userRoutes(deps: AppDependencies): Router {
  const { db, clock, config } = deps;
  const router = new Router({ prefix: '/api/v1/users' });
  const auth = authenticate(deps, { scope: 'users' });

  router.post('/', auth, requireAdmin(), async (ctx) => {
    const body = await parseBody(ctx, createSchema);
    const created = await inviteUser({ db, clock, publicUrl: config.publicUrl, actorId: principalOf(ctx).userId, ...body, ip: ctx.ip });
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = created;
  });

  router.get('/', auth, async (ctx) => {
    parseQuery(ctx, emptyQuery);
    const p = principalOf(ctx);
    ctx.body = { users: await listUsers({ db, clock, onlyId: p.role === 'admin' ? undefined : p.userId }) };
  });

  router.get('/:id', auth, async (ctx) => {
    const id = idParam(ctx);
    const p = principalOf(ctx);
    if (p.role !== 'admin' && id !== p.userId) throw new SeglError({ code: 'not_found', message: 'user not found' });
    ctx.body = await getUser({ db, clock, userId: id });
  });

  router.patch('/:id', auth, requireAdmin(), async (ctx) => {
    const id = idParam(ctx);
    const changes = await parseBody(ctx, updateSchema);
    ctx.body = await updateUser({ db, clock, actorId: principalOf(ctx).userId, userId: id, changes, ip: ctx.ip });
  });

  router.delete('/:id', auth, requireAdmin(), async (ctx) => {
    const id = idParam(ctx);
    ctx.body = await updateUser({ db, clock, actorId: principalOf(ctx).userId, userId: id, changes: { disabled: true }, ip: ctx.ip });
  });
  /** A new enrolment link (expired invitation or lost authenticator): password and TOTP are set again. */
  router.post('/:id/enrolment', auth, requireAdmin(), async (ctx) => {
    const id = idParam(ctx);
    await parseBody(ctx, z.strictObject({}));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await resetEnrolment({ db, clock, publicUrl: config.publicUrl, actorId: principalOf(ctx).userId, userId: id, ip: ctx.ip });
  });
  /** Lifts a sign-in lockout (GET /users shows `status: "locked"` and `lockedUntil`). */
  router.post('/:id/unlock', auth, requireAdmin(), async (ctx) => {
    const id = idParam(ctx);
    await parseBody(ctx, z.strictObject({}));
    ctx.body = await unlockUser({ db, clock, actorId: principalOf(ctx).userId, userId: id, ip: ctx.ip });
  });
  return router;
}
