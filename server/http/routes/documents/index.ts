import Router from '@koa/router';
import type { Context } from 'koa';
import { FolderAccess } from '../../../domain/access/folder-access.js';
import { openDocumentArchive } from '../../../domain/documents/document-archive.js';
import { readDocumentLimits } from '../../../domain/documents/document-limits.js';
import { createDocument } from '../../../domain/documents/create-document.js';
import { listDocuments } from '../../../domain/documents/list-documents.js';
import { getDocument } from '../../../domain/documents/get-document.js';
import { openDocumentPdf } from '../../../domain/documents/open-document-pdf.js';
import { moveDocument } from '../../../domain/documents/move-document.js';
import { deleteDocument } from '../../../domain/documents/delete-document.js';
import { checkIdempotencyKey } from '../../../domain/documents/idempotency.js';
import { SeglError } from '../../../lib/errors.js';
import type { AppDependencies } from '../../create-app.js';
import { authenticate, principalOf } from '../../middleware/authenticate.js';
import { idParam, parseBody, parseQuery } from '../../validate.js';
import { readMultipartUpload } from './read-multipart-upload.js';
import { deleteQuerySchema, listQuerySchema, moveSchema, uploadFieldsSchema } from './document-schemas.js';
import { attachmentDisposition } from './content-disposition.js';
import { requireFreeSpace } from '../../../domain/health/disk-space.js';
import { registerRoute } from '../openapi/route-spec.js';
import { documentSpecs as specs } from './document-specs.js';

/** POST/GET /api/v1/documents, GET/PATCH/DELETE /api/v1/documents/:id, GET .../pdf, POST .../move. */
export function documentRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const archive = openDocumentArchive({
    db: deps.db,
    clock: deps.clock,
    dataDir: deps.config.dataDir,
    kek: deps.kek,
    kekFromEnvironment: Boolean(deps.config.kek),
    logger: deps.logger.child({ module: 'documents' }),
  });
  const access = (ctx: Context) => FolderAccess.load({ db: deps.db, principal: principalOf(ctx) });
  const read = authenticate(deps, { scope: 'documents:read' });
  const write = authenticate(deps, { scope: 'documents:write' });

  registerRoute(router, specs.createDocument, write, async (ctx) => {
    const rawKey = ctx.get('Idempotency-Key');
    const idempotencyKey = rawKey ? checkIdempotencyKey(rawKey) : undefined;
    const callerAccess = await access(ctx);
    const limits = await readDocumentLimits({ db: deps.db });
    // before the body is read: below the floor nothing new is stored (507), so what exists stays recordable; a
    // body declared larger than any upload may be is for the size limit to refuse (413)
    const declared = Number(ctx.get('Content-Length'));
    const incomingBytes = Number.isSafeInteger(declared) && declared > 0 ? Math.min(declared, limits.maxUploadBytes) : 0;
    const { dataDir, minFreeBytes } = deps.config;
    await requireFreeSpace({ dataDir, minFreeBytes, incomingBytes }).catch((error: unknown) => {
      // the client is still sending: drain (and discard) the rest, so that it reads the 507 instead of a reset
      ctx.set('Connection', 'close');
      ctx.req.resume();
      throw error;
    });
    const upload = await readMultipartUpload(ctx, { maxFileBytes: limits.maxUploadBytes });
    const fields = uploadFieldsSchema.safeParse(upload.fields);
    if (!fields.success) {
      const message = fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new SeglError({ code: 'invalid_request', message });
    }
    const result = await createDocument({
      archive,
      access: callerAccess,
      title: fields.data.title,
      folderId: fields.data.folderId ?? null,
      language: fields.data.language,
      bytes: upload.file,
      maxPages: limits.maxPages,
      idempotencyKey,
      ip: ctx.ip,
      userAgent: ctx.get('User-Agent') || null,
    });
    ctx.status = result.status;
    ctx.body = result.body;
  });

  registerRoute(router, specs.listDocuments, read, async (ctx) => {
    const query = parseQuery(ctx, listQuerySchema);
    ctx.body = await listDocuments({ archive, access: await access(ctx), filter: query });
  });

  registerRoute(router, specs.getDocument, read, async (ctx) => {
    ctx.body = await getDocument({ archive, access: await access(ctx), documentId: idParam(ctx), defaultRetentionDays: deps.config.retentionDays });
  });

  registerRoute(router, specs.getDocumentPdf, read, async (ctx) => {
    const pdf = await openDocumentPdf({ archive, access: await access(ctx), documentId: idParam(ctx), ip: ctx.ip, userAgent: ctx.get('User-Agent') || null });
    ctx.set('Content-Disposition', attachmentDisposition(pdf.title));
    ctx.set('Content-Length', String(pdf.sizeBytes));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Digest', `sha-256=${Buffer.from(pdf.sha256, 'hex').toString('base64')}`);
    pdf.stream.on('error', (error) => ctx.state.log?.error({ err: error, documentId: ctx.params.id }, 'decryption failed while streaming'));
    ctx.type = 'application/pdf';
    ctx.body = pdf.stream;
  });

  const move = async (ctx: Context) => {
    const body = await parseBody(ctx, moveSchema);
    ctx.body = await moveDocument({ archive, access: await access(ctx), documentId: idParam(ctx), folderId: body.folderId, defaultRetentionDays: deps.config.retentionDays, ip: ctx.ip });
  };
  registerRoute(router, specs.moveDocument, write, move);
  registerRoute(router, specs.updateDocument, write, move);

  registerRoute(router, specs.deleteDocument, write, async (ctx) => {
    const documentId = idParam(ctx);
    const query = parseQuery(ctx, deleteQuerySchema);
    ctx.body = await deleteDocument({ archive, access: await access(ctx), documentId, erase: query.erase === 'true', ip: ctx.ip, userAgent: ctx.get('User-Agent') || null });
  });

  return router;
}
