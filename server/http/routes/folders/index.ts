import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { folderContracts as contracts } from './folder-contracts.js';
import { accessOf, loadFolderAccess } from './load-folder-access.js';

/** Folders (the archive's tree) and the grants on them. */
export function folderRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const { folders } = deps.services;
  const route = routeMounter(router, deps);
  const guarded = { guards: [loadFolderAccess(folders)] };

  route(contracts.createFolder, guarded, async (ctx) => {
    const { name, parentId } = ctx.input.body;
    ctx.status = 201;
    ctx.body = await folders.create({ access: accessOf(ctx), name, parentId, ip: ctx.ip });
  });
  route(contracts.listFolders, guarded, async (ctx) => {
    ctx.body = { folders: await folders.tree({ access: accessOf(ctx) }) };
  });
  route(contracts.getFolder, guarded, async (ctx) => {
    ctx.body = await folders.get({ access: accessOf(ctx), folderId: ctx.input.params.id });
  });
  // Visibility first (guards run before the body is read): a folder the caller cannot see is a 404 whatever the
  // body says.
  const visibleFolder = { guards: [loadFolderAccess(folders), requireVisibleFolder] };
  route(contracts.updateFolder, visibleFolder, async (ctx) => {
    const folderId = ctx.input.params.id;
    const access = accessOf(ctx);
    await folders.update({ access, folderId, ...ctx.input.body, ip: ctx.ip });
    ctx.body = await folders.get({ access: await folders.accessOf(access.principal), folderId });
  });
  route(contracts.deleteFolder, guarded, async (ctx) => {
    await folders.delete({ access: accessOf(ctx), folderId: ctx.input.params.id, ip: ctx.ip });
    ctx.status = 204;
  });
  route(contracts.createGrant, visibleFolder, async (ctx) => {
    const { userId, groupId, role } = ctx.input.body;
    ctx.status = 201;
    ctx.body = await folders.createGrant({
      access: accessOf(ctx),
      folderId: ctx.input.params.id,
      userId,
      groupId,
      role,
      ip: ctx.ip,
    });
  });
  route(contracts.listGrants, guarded, async (ctx) => {
    ctx.body = { grants: await folders.listGrants({ access: accessOf(ctx), folderId: ctx.input.params.id }) };
  });
  route(contracts.deleteGrant, guarded, async (ctx) => {
    const { id: folderId, grantId } = ctx.input.params;
    await folders.deleteGrant({ access: accessOf(ctx), folderId, grantId, ip: ctx.ip });
    ctx.status = 204;
  });
  return router;
}

/** The path's folder must be visible to the caller (its parameters were validated before the guards run). */
const requireVisibleFolder: Middleware = async (ctx, next) => {
  accessOf(ctx).require(ctx.params.id, 'viewer');
  await next();
};
