import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { authenticate, principalOf, requireAdmin } from '../../middleware/authenticate.js';
import { idParam, parseBody } from '../../validate.js';
import { registerRoute, type RouteSpec } from '../openapi/route-spec.js';
import { createGroup } from '../../../domain/groups/create-group.js';
import { listGroups } from '../../../domain/groups/list-groups.js';
import { getGroup } from '../../../domain/groups/get-group.js';
import { addGroupMember } from '../../../domain/groups/add-group-member.js';
import { removeGroupMember } from '../../../domain/groups/remove-group-member.js';
import { deleteGroup } from '../../../domain/groups/delete-group.js';
import { groupSpecs as specs } from './group-specs.js';
import { addMemberBody, createGroupBody } from './group-schemas.js';

/** Staff groups, administrators only. */
export function groupRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const { db, clock } = deps;
  const guard = (spec: RouteSpec) => [authenticate(deps, { scope: spec.scope }), requireAdmin()];

  registerRoute(router, specs.createGroup, ...guard(specs.createGroup), async (ctx) => {
    const body = await parseBody(ctx, createGroupBody);
    ctx.status = 201;
    ctx.body = await createGroup({ db, clock, actorId: principalOf(ctx).userId, name: body.name, ip: ctx.ip });
  });
  registerRoute(router, specs.listGroups, ...guard(specs.listGroups), async (ctx) => {
    ctx.body = { groups: await listGroups({ db }) };
  });
  registerRoute(router, specs.getGroup, ...guard(specs.getGroup), async (ctx) => {
    ctx.body = await getGroup({ db, groupId: idParam(ctx) });
  });
  registerRoute(router, specs.addGroupMember, ...guard(specs.addGroupMember), async (ctx) => {
    const groupId = idParam(ctx);
    const body = await parseBody(ctx, addMemberBody);
    await addGroupMember({ db, clock, actorId: principalOf(ctx).userId, groupId, userId: body.userId, ip: ctx.ip });
    ctx.status = 201;
    ctx.body = { groupId, userId: body.userId };
  });
  registerRoute(router, specs.removeGroupMember, ...guard(specs.removeGroupMember), async (ctx) => {
    await removeGroupMember({ db, clock, actorId: principalOf(ctx).userId, groupId: idParam(ctx), userId: idParam(ctx, 'userId'), ip: ctx.ip });
    ctx.status = 204;
  });
  registerRoute(router, specs.deleteGroup, ...guard(specs.deleteGroup), async (ctx) => {
    await deleteGroup({ db, clock, actorId: principalOf(ctx).userId, groupId: idParam(ctx), ip: ctx.ip });
    ctx.status = 204;
  });
  return router;
}
