import Router from '@koa/router';
import type { Context } from 'koa';
import { FolderAccess } from '../../../domain/access/folder-access.js';
import { addSigner } from '../../../domain/signer-flow/add-signer.js';
import { sendDocument } from '../../../domain/signer-flow/send-document.js';
import { remindSigners } from '../../../domain/signer-flow/remind-signers.js';
import { cancelDocument } from '../../../domain/signer-flow/cancel-document.js';
import { listSigners } from '../../../domain/signer-flow/list-signers.js';
import { getAuditTrail } from '../../../domain/audit/get-audit-trail.js';
import { auditTrustOf } from '../../../domain/audit/audit-trust.js';
import type { AppDependencies } from '../../create-app.js';
import { authenticate, principalOf } from '../../middleware/authenticate.js';
import { idParam, parseBody } from '../../validate.js';
import { registerRoute } from '../openapi/route-spec.js';
import { addSignerBody, cancelBody, emptyBody, reorderSignersBody, sendBody, updateSignerBody } from './document-signer-schemas.js';
import { removeSigner, reorderSigners, updateSigner } from '../../../domain/signer-flow/edit-signers.js';
import { documentSignerSpecs as specs } from './document-signer-specs.js';

/** Signers, send, remind, cancel and the audit trail of a document (the sender's side of signing). */
export function documentSignerRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const flow = deps.services;
  const access = (ctx: Context) => FolderAccess.load({ db: deps.db, principal: principalOf(ctx) });
  const read = authenticate(deps, { scope: 'documents:read' });
  const write = authenticate(deps, { scope: 'documents:write' });
  const client = (ctx: Context) => ({ ip: ctx.ip, userAgent: ctx.get('User-Agent') || null });

  registerRoute(router, specs.addSigner, write, async (ctx) => {
    const body = await parseBody(ctx, addSignerBody);
    const added = await addSigner({ archive: deps.archive, access: await access(ctx), documentId: idParam(ctx), signer: body, providers: deps.config.signerProviders, ...client(ctx) });
    ctx.status = 201;
    ctx.body = added;
  });
  registerRoute(router, specs.listSigners, read, async (ctx) => {
    ctx.body = { signers: await listSigners({ db: deps.db, access: await access(ctx), documentId: idParam(ctx) }) };
  });
  const signersNow = async (ctx: Context) => ({ signers: await listSigners({ db: deps.db, access: await access(ctx), documentId: idParam(ctx) }) });
  // registered before /:signerId, so that "order" is never taken for a signer id
  registerRoute(router, specs.reorderSigners, write, async (ctx) => {
    const body = await parseBody(ctx, reorderSignersBody);
    await reorderSigners({ archive: deps.archive, access: await access(ctx), documentId: idParam(ctx), signerIds: body.signerIds, ...client(ctx) });
    ctx.body = await signersNow(ctx);
  });
  registerRoute(router, specs.updateSigner, write, async (ctx) => {
    const body = await parseBody(ctx, updateSignerBody);
    await updateSigner({ archive: deps.archive, access: await access(ctx), documentId: idParam(ctx), signerId: idParam(ctx, 'signerId'), changes: body, providers: deps.config.signerProviders, ...client(ctx) });
    ctx.body = await signersNow(ctx);
  });
  registerRoute(router, specs.removeSigner, write, async (ctx) => {
    await removeSigner({ archive: deps.archive, access: await access(ctx), documentId: idParam(ctx), signerId: idParam(ctx, 'signerId'), ...client(ctx) });
    ctx.body = await signersNow(ctx);
  });
  registerRoute(router, specs.sendDocument, write, async (ctx) => {
    const body = await parseBody(ctx, sendBody);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await sendDocument({ flow, access: await access(ctx), documentId: idParam(ctx), order: body.order, expiresAt: body.expiresAt, ...client(ctx) });
  });
  registerRoute(router, specs.remindSigners, write, async (ctx) => {
    await parseBody(ctx, emptyBody);
    ctx.body = await remindSigners({ flow, access: await access(ctx), documentId: idParam(ctx), ...client(ctx) });
  });
  registerRoute(router, specs.cancelDocument, write, async (ctx) => {
    const body = await parseBody(ctx, cancelBody);
    ctx.body = await cancelDocument({ flow, access: await access(ctx), documentId: idParam(ctx), reason: body.reason, ...client(ctx) });
  });
  const auditTrust = auditTrustOf({ sealer: deps.sealer });
  registerRoute(router, specs.getAuditTrail, read, async (ctx) => {
    ctx.set('Cache-Control', 'private, no-store');
    const documentId = idParam(ctx);
    ctx.body = await getAuditTrail({ db: deps.db, access: await access(ctx), documentId, trust: auditTrust, archive: deps.archive });
  });
  return router;
}
