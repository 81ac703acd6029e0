import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { principalOf } from '../../middleware/authenticate.js';
import { documentSignerContracts as contracts } from './document-signer-contracts.js';
import { clientOf } from '../../middleware/client-address.js';

/** Signers, send, remind, cancel and the audit trail of a document (the sender's side of the signer flow). */
export function documentSignerRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const { signers, folders } = deps.services;
  const access = (ctx: Context) => folders.accessOf(principalOf(ctx));
  const signersNow = async (ctx: Context, documentId: string) => ({
    signers: await signers.list({ access: await access(ctx), documentId }),
  });

  route(contracts.addSigner, async (ctx) => {
    const signer = ctx.input.body;
    const documentId = ctx.input.params.id;
    ctx.status = 201;
    ctx.body = await signers.add({ access: await access(ctx), documentId, signer, ...clientOf(ctx) });
  });
  route(contracts.listSigners, async (ctx) => {
    ctx.body = await signersNow(ctx, ctx.input.params.id);
  });
  // registered before /:signerId, so that "order" is never taken for a signer id
  route(contracts.reorderSigners, async (ctx) => {
    const documentId = ctx.input.params.id;
    const { signerIds } = ctx.input.body;
    await signers.reorder({ access: await access(ctx), documentId, signerIds, ...clientOf(ctx) });
    ctx.body = await signersNow(ctx, documentId);
  });
  route(contracts.updateSigner, async (ctx) => {
    const { id: documentId, signerId } = ctx.input.params;
    const changes = ctx.input.body;
    await signers.update({ access: await access(ctx), documentId, signerId, changes, ...clientOf(ctx) });
    ctx.body = await signersNow(ctx, documentId);
  });
  route(contracts.removeSigner, async (ctx) => {
    const { id: documentId, signerId } = ctx.input.params;
    await signers.remove({ access: await access(ctx), documentId, signerId, ...clientOf(ctx) });
    ctx.body = await signersNow(ctx, documentId);
  });
  route(contracts.sendDocument, async (ctx) => {
    const { order, expiresAt } = ctx.input.body;
    const documentId = ctx.input.params.id;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await signers.send({ access: await access(ctx), documentId, order, expiresAt, ...clientOf(ctx) });
  });
  route(contracts.remindSigners, async (ctx) => {
    ctx.body = await signers.remind({ access: await access(ctx), documentId: ctx.input.params.id, ...clientOf(ctx) });
  });
  route(contracts.cancelDocument, async (ctx) => {
    const { reason } = ctx.input.body;
    const documentId = ctx.input.params.id;
    ctx.body = await signers.cancel({ access: await access(ctx), documentId, reason, ...clientOf(ctx) });
  });
  route(contracts.getAuditTrail, async (ctx) => {
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = await signers.auditTrail({ access: await access(ctx), documentId: ctx.input.params.id });
  });
  return router;
}
