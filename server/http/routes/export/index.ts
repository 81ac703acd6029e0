import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { accessOf, loadFolderAccess } from '../folders/load-folder-access.js';
import { exportContracts as contracts } from './export-contracts.js';
import { clientOf } from '../../middleware/client-address.js';

/** GET /api/v1/export: the caller's archive (or one folder's subtree) as a streamed ZIP. */
export function exportRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const { documents, folders } = deps.services;
  route(contracts.exportArchive, { guards: [loadFolderAccess(folders)] }, async (ctx) => {
    const { stream, finished } = await documents.export({
      access: accessOf(ctx),
      folderId: ctx.input.query.folderId ?? null,
      ...clientOf(ctx),
    });
    finished.catch((error: unknown) => ctx.state.log?.error({ err: error }, 'export stopped'));
    const day = deps.clock.now().toISOString().slice(0, 10);
    ctx.set('Content-Disposition', `attachment; filename="segl-export-${day}.zip"`);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = 'application/zip';
    ctx.body = stream;
  });
  return router;
}
