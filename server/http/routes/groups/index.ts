import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { principalOf } from '../../middleware/authenticate.js';
import { groupContracts as contracts } from './group-contracts.js';

/** Staff groups, administrators only. */
export function groupRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const { groups } = deps.services;

  route(contracts.createGroup, async (ctx) => {
    ctx.status = 201;
    ctx.body = await groups.create({ actorId: principalOf(ctx).userId, name: ctx.input.body.name, ip: ctx.ip });
  });
  route(contracts.listGroups, async (ctx) => {
    ctx.body = { groups: await groups.list() };
  });
  route(contracts.getGroup, async (ctx) => {
    ctx.body = await groups.get({ groupId: ctx.input.params.id });
  });
  route(contracts.addGroupMember, async (ctx) => {
    const groupId = ctx.input.params.id;
    const { userId } = ctx.input.body;
    await groups.addMember({ actorId: principalOf(ctx).userId, groupId, userId, ip: ctx.ip });
    ctx.status = 201;
    ctx.body = { groupId, userId };
  });
  route(contracts.removeGroupMember, async (ctx) => {
    const { id: groupId, userId } = ctx.input.params;
    await groups.removeMember({ actorId: principalOf(ctx).userId, groupId, userId, ip: ctx.ip });
    ctx.status = 204;
  });
  route(contracts.deleteGroup, async (ctx) => {
    await groups.delete({ actorId: principalOf(ctx).userId, groupId: ctx.input.params.id, ip: ctx.ip });
    ctx.status = 204;
  });
  return router;
}
