import Router from '@koa/router';
import type { Context } from 'koa';
import { checkIdempotencyKey } from '../../../domain/documents/idempotency.js';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { principalOf } from '../../middleware/authenticate.js';
import { attachmentDisposition } from './content-disposition.js';
import { documentContracts as contracts } from './document-contracts.js';
import { clientOf } from '../../middleware/client-address.js';

/** POST/GET /api/v1/documents, GET/PATCH/DELETE /api/v1/documents/:id, GET .../pdf, POST .../move. */
export function documentRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const { documents, folders } = deps.services;
  const access = (ctx: Context) => folders.accessOf(principalOf(ctx));

  route(contracts.createDocument, async (ctx) => {
    const rawKey = ctx.get('Idempotency-Key');
    const idempotencyKey = rawKey ? checkIdempotencyKey(rawKey) : undefined;
    const callerAccess = await access(ctx);
    const limits = await documents.limits();
    // before the body is read: below the floor nothing new is stored (507), so what exists stays recordable; a
    // body declared larger than any upload may be is for the size limit to refuse (413)
    const declared = Number(ctx.get('Content-Length'));
    const incomingBytes =
      Number.isSafeInteger(declared) && declared > 0 ? Math.min(declared, limits.maxUploadBytes) : 0;
    await documents.requireFreeSpace({ incomingBytes }).catch((error: unknown) => {
      // the client is still sending: drain (and discard) the rest, so that it reads the 507 instead of a reset
      ctx.set('Connection', 'close');
      ctx.req.resume();
      throw error;
    });
    const upload = await ctx.input.upload({ maxFileBytes: limits.maxUploadBytes });
    const result = await documents.create({
      access: callerAccess,
      title: upload.fields.title,
      folderId: upload.fields.folderId ?? null,
      language: upload.fields.language,
      bytes: upload.file,
      maxPages: limits.maxPages,
      idempotencyKey,
      ...clientOf(ctx),
    });
    ctx.status = result.status;
    ctx.body = result.body;
  });

  route(contracts.listDocuments, async (ctx) => {
    ctx.body = await documents.list({ access: await access(ctx), filter: ctx.input.query });
  });

  route(contracts.getDocument, async (ctx) => {
    ctx.body = await documents.get({ access: await access(ctx), documentId: ctx.input.params.id });
  });

  route(contracts.getDocumentPdf, async (ctx) => {
    const documentId = ctx.input.params.id;
    const pdf = await documents.openPdf({ access: await access(ctx), documentId, ...clientOf(ctx) });
    ctx.set('Content-Disposition', attachmentDisposition(pdf.title));
    ctx.set('Content-Length', String(pdf.sizeBytes));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Digest', `sha-256=${Buffer.from(pdf.sha256, 'hex').toString('base64')}`);
    pdf.stream.on('error', (error) => {
      ctx.state.log?.error({ err: error, documentId }, 'decryption failed while streaming');
    });
    ctx.type = 'application/pdf';
    ctx.body = pdf.stream;
  });

  for (const contract of [contracts.moveDocument, contracts.updateDocument]) {
    route(contract, async (ctx) => {
      const { folderId } = ctx.input.body;
      const documentId = ctx.input.params.id;
      ctx.body = await documents.move({ access: await access(ctx), documentId, folderId, ip: ctx.ip });
    });
  }

  route(contracts.deleteDocument, async (ctx) => {
    ctx.body = await documents.delete({
      access: await access(ctx),
      documentId: ctx.input.params.id,
      erase: ctx.input.query.erase === 'true',
      ...clientOf(ctx),
    });
  });

  return router;
}
