import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { authenticate } from '../../middleware/authenticate.js';
import { parseQuery } from '../../validate.js';
import { registerRoute } from '../openapi/route-spec.js';
import { accessOf, loadFolderAccess } from '../folders/load-folder-access.js';
import { createExport } from '../../../domain/export/create-export.js';
import { exportQuery, exportSpecs as specs } from './export-specs.js';

/** GET /api/v1/export: the caller's archive (or one folder's subtree) as a streamed ZIP. */
export function exportRoutes(deps: AppDependencies): Router {
  const router = new Router();
  registerRoute(router, specs.exportArchive, authenticate(deps, { scope: specs.exportArchive.scope }), loadFolderAccess(deps), async (ctx) => {
    const query = parseQuery(ctx, exportQuery);
    const { stream, finished } = await createExport({
      archive: deps.archive,
      access: accessOf(ctx),
      folderId: query.folderId ?? null,
      rootCertificatePem: deps.sealer.rootCertificatePem(),
      ip: ctx.ip,
      userAgent: ctx.get('User-Agent') || null,
    });
    finished.catch((error: unknown) => ctx.state.log?.error({ err: error }, 'export stopped'));
    ctx.set('Content-Disposition', `attachment; filename="segl-export-${deps.clock.now().toISOString().slice(0, 10)}.zip"`);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = 'application/zip';
    ctx.body = stream;
  });
  return router;
}
