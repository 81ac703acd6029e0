import Router from '@koa/router';
import { Op } from 'sequelize';
import type { AppDependencies } from '../../create-app.js';
import { authenticate, requireAdmin } from '../../middleware/authenticate.js';
import { idParam, parseBody, parseQuery } from '../../validate.js';
import { registerRoute, type RouteSpec } from '../openapi/route-spec.js';
import { accessOf, loadFolderAccess } from '../folders/load-folder-access.js';
import { setLegalHold } from '../../../domain/retention/legal-hold.js';
import { getDocument } from '../../../domain/documents/get-document.js';
import { findVisibleDocument } from '../../../domain/documents/find-visible-document.js';
import { formatDocumentCode } from '../../../domain/documents/document-code.js';
import { findDueDocuments, findHeldDocuments, type DueDocument } from '../../../domain/retention/find-due-documents.js';
import { loadRetentionPolicy } from '../../../domain/retention/retention-policy.js';
import { dueQuery, legalHoldBody, retentionSpecs as specs } from './retention-specs.js';

/** Legal holds (PUT/DELETE /api/v1/documents/:id/legal-hold) and the retention preview (GET /api/v1/retention/due). */
export function retentionRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const { db, clock, archive, config } = deps;
  const guard = (spec: RouteSpec) => [authenticate(deps, { scope: spec.scope }), loadFolderAccess(deps)];

  registerRoute(router, specs.placeLegalHold, ...guard(specs.placeLegalHold), async (ctx) => {
    const documentId = idParam(ctx);
    const access = accessOf(ctx);
    await findVisibleDocument({ db, access, documentId }); // an invisible document is a 404 whatever the body says
    const body = await parseBody(ctx, legalHoldBody);
    await setLegalHold({ db, clock, access, documentId, hold: true, reason: body.reason, ip: ctx.ip, userAgent: ctx.get('User-Agent') || null });
    ctx.body = await getDocument({ archive, access, documentId, defaultRetentionDays: config.retentionDays });
  });

  registerRoute(router, specs.releaseLegalHold, ...guard(specs.releaseLegalHold), async (ctx) => {
    const documentId = idParam(ctx);
    const access = accessOf(ctx);
    await setLegalHold({ db, clock, access, documentId, hold: false, ip: ctx.ip, userAgent: ctx.get('User-Agent') || null });
    ctx.body = await getDocument({ archive, access, documentId, defaultRetentionDays: config.retentionDays });
  });

  registerRoute(router, specs.listDueDocuments, authenticate(deps, { scope: specs.listDueDocuments.scope }), requireAdmin(), async (ctx) => {
    const query = parseQuery(ctx, dueQuery);
    const limit = Number(query.limit ?? 100);
    const now = clock.now();
    const policy = await loadRetentionPolicy({ db, defaultDays: config.retentionDays });
    const { due, next } = await findDueDocuments({ db, policy, now, limit });
    const held = await findHeldDocuments({ db, policy, now, limit });
    const ids = [...due, ...held.held].map((d) => d.id);
    const rows = await db.models.Document.findAll({ where: { id: { [Op.in]: ids } }, attributes: ['id', 'title'], raw: true });
    const titles = new Map(rows.map((row) => [row.id, row.title]));
    const more = next ? (await findDueDocuments({ db, policy, now, limit: 1, after: next })).due.length > 0 : false;
    const moreHeld = held.next
      ? (await findHeldDocuments({ db, policy, now, limit: 1, after: held.next })).held.length > 0
      : false;
    const describe = (d: DueDocument) => ({
      id: d.id,
      code: formatDocumentCode(d.code),
      title: titles.get(d.id) ?? '',
      folderId: d.folderId,
      status: d.status,
      endedAt: d.endedAt.toISOString(),
      dueAt: d.dueAt.toISOString(),
      retention: { days: d.rule.days, source: d.rule.source, folderId: d.rule.folderId },
    });
    ctx.body = {
      now: now.toISOString(),
      documents: due.map(describe),
      more,
      held: held.held.map((d) => ({ ...describe(d), legalHold: d.legalHold })),
      moreHeld,
    };
  });
  return router;
}
