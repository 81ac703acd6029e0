import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { authenticate } from '../../middleware/authenticate.js';
import { idParam, parseBody } from '../../validate.js';
import { registerRoute, type RouteSpec } from '../openapi/route-spec.js';
import { FolderAccess } from '../../../domain/access/folder-access.js';
import { createFolder } from '../../../domain/folders/create-folder.js';
import { listFolderTree } from '../../../domain/folders/folder-tree.js';
import { getFolder } from '../../../domain/folders/get-folder.js';
import { updateFolder } from '../../../domain/folders/update-folder.js';
import { deleteFolder } from '../../../domain/folders/delete-folder.js';
import { createGrant } from '../../../domain/folders/create-grant.js';
import { listGrants } from '../../../domain/folders/list-grants.js';
import { deleteGrant } from '../../../domain/folders/delete-grant.js';
import { folderSpecs as specs } from './folder-specs.js';
import { createFolderBody, createGrantBody, updateFolderBody } from './folder-schemas.js';
import { accessOf, loadFolderAccess } from './load-folder-access.js';

/** Folders (the archive's tree) and the grants on them. */
export function folderRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const { db, clock } = deps;
  const guard = (spec: RouteSpec) => [authenticate(deps, { scope: spec.scope }), loadFolderAccess(deps)];

  registerRoute(router, specs.createFolder, ...guard(specs.createFolder), async (ctx) => {
    const body = await parseBody(ctx, createFolderBody);
    ctx.status = 201;
    ctx.body = await createFolder({ db, clock, access: accessOf(ctx), name: body.name, parentId: body.parentId, ip: ctx.ip });
  });
  registerRoute(router, specs.listFolders, ...guard(specs.listFolders), async (ctx) => {
    ctx.body = { folders: await listFolderTree({ db, access: accessOf(ctx) }) };
  });
  registerRoute(router, specs.getFolder, ...guard(specs.getFolder), async (ctx) => {
    ctx.body = await getFolder({ db, access: accessOf(ctx), folderId: idParam(ctx), defaultRetentionDays: deps.config.retentionDays });
  });
  registerRoute(router, specs.updateFolder, ...guard(specs.updateFolder), async (ctx) => {
    const folderId = idParam(ctx);
    const access = accessOf(ctx);
    access.require(folderId, 'viewer');
    const body = await parseBody(ctx, updateFolderBody);
    await updateFolder({ db, clock, access, folderId, name: body.name, parentId: body.parentId, retentionDays: body.retentionDays, ip: ctx.ip });
    ctx.body = await getFolder({ db, access: await FolderAccess.load({ db, principal: access.principal }), folderId, defaultRetentionDays: deps.config.retentionDays });
  });
  registerRoute(router, specs.deleteFolder, ...guard(specs.deleteFolder), async (ctx) => {
    await deleteFolder({ db, clock, access: accessOf(ctx), folderId: idParam(ctx), ip: ctx.ip });
    ctx.status = 204;
  });
  registerRoute(router, specs.createGrant, ...guard(specs.createGrant), async (ctx) => {
    const folderId = idParam(ctx);
    const access = accessOf(ctx);
    // Visibility first: a folder the caller cannot see is a 404 whatever the body says.
    access.require(folderId, 'viewer');
    const body = await parseBody(ctx, createGrantBody);
    ctx.status = 201;
    ctx.body = await createGrant({ db, clock, access, folderId, userId: body.userId, groupId: body.groupId, role: body.role, ip: ctx.ip });
  });
  registerRoute(router, specs.listGrants, ...guard(specs.listGrants), async (ctx) => {
    ctx.body = { grants: await listGrants({ db, access: accessOf(ctx), folderId: idParam(ctx) }) };
  });
  registerRoute(router, specs.deleteGrant, ...guard(specs.deleteGrant), async (ctx) => {
    await deleteGrant({ db, clock, access: accessOf(ctx), folderId: idParam(ctx), grantId: idParam(ctx, 'grantId'), ip: ctx.ip });
    ctx.status = 204;
  });
  return router;
}
