import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { parseDocumentCode } from '../../../domain/documents/document-code.js';
import { createPublicDocumentLookup } from '../../../domain/verification/public-document.js';
import { describeDocumentStatus } from '../../../domain/verification/document-status.js';
import { matchDocumentHash } from '../../../domain/verification/match-document-hash.js';
import { checkUploadedFile } from '../../../domain/verification/check-uploaded-file.js';
import { fileCheckLimit, readPortalMaxCheckBytes } from '../../../domain/verification/portal-limits.js';
import { SeglError } from '../../../lib/errors.js';
import type { AppDependencies } from '../../create-app.js';
import { createRateLimiter, throwRateLimited } from '../../middleware/rate-limit.js';
import { parseBody } from '../../validate.js';
import { registerRoute } from '../openapi/route-spec.js';
import { verifySpecs, matchBodySchema } from './verify-specs.js';
import { readMultipartUpload } from '../documents/read-multipart-upload.js';
import { throttleKey } from '../../middleware/client-address.js';

const MINUTE = 60_000;

const NOT_FOUND = { error: 'not_found', message: 'no document has this code' };

/** The 404 is answered, not thrown: it is the common answer to guessing, and costs no more than a found code. */
function answerNotFound(ctx: Context): void {
  ctx.status = 404;
  ctx.body = { ...NOT_FOUND };
}

/** The `:code` parameter in stored form; anything that is not a code is a 400 `invalid_code` (no lookup). */
function codeParam(ctx: Context): string {
  const raw = (ctx.params as Record<string, string>).code;
  const code = typeof raw === 'string' ? parseDocumentCode(raw) : undefined;
  if (!code) throw new SeglError({ code: 'invalid_code', message: 'not a document code: 16 characters, e.g. 7F3K-9QXM-2B8D-WT4N' });
  return code;
}

/**
 * GET /api/v1/verify/:code, POST /api/v1/verify/:code/match, POST /api/v1/verify/file: the public portal's API.
 * No credentials. Every request counts against the per-IP limit (`SEGL_PORTAL_RATE_LIMIT` a minute) before any
 * other work, file checks also against a lower one; answers are JSON and never cached.
 */
export function verifyRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const now = () => deps.clock.now().getTime();
  const lookups = createRateLimiter({ limit: deps.config.portalRateLimit, windowMs: MINUTE, now });
  const files = createRateLimiter({ limit: fileCheckLimit(deps.config.portalRateLimit), windowMs: MINUTE, now });
  const lookup = createPublicDocumentLookup({ db: deps.db });

  const portal: Middleware = async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    const key = throttleKey(ctx.ip);
    ctx.state.portalClient = key;
    const result = lookups.hit(key);
    if (!result.allowed) throwRateLimited(ctx, result.retryAfterSeconds);
    await next();
  };
  const fileLimit: Middleware = async (ctx, next) => {
    const result = files.hit(ctx.state.portalClient as string);
    if (!result.allowed) throwRateLimited(ctx, result.retryAfterSeconds, 'too many file checks; try again later');
    await next();
  };

  registerRoute(router, verifySpecs.checkFile, portal, fileLimit, async (ctx) => {
    const maxFileBytes = await readPortalMaxCheckBytes({ db: deps.db });
    const upload = await readMultipartUpload(ctx, { maxFileBytes });
    try {
      // the same trust as `segl verify`: the appliance root, the imported seal's root, SEGL_TRUST_LIST_FILES
      const trustAnchorsPem = await deps.sealer.verificationAnchorsPem();
      ctx.body = await checkUploadedFile({ db: deps.db, verifier: deps.verifier, bytes: upload.file, trustAnchorsPem, trustLists: deps.sealer.trustList?.lists });
    } catch (error) {
      if (error instanceof SeglError && error.code === 'verification_busy') ctx.set('Retry-After', '30');
      throw error;
    }
  });

  registerRoute(router, verifySpecs.lookupCode, portal, async (ctx) => {
    const record = await lookup(codeParam(ctx));
    if (!record) return answerNotFound(ctx);
    ctx.body = describeDocumentStatus(record);
  });

  registerRoute(router, verifySpecs.matchHash, portal, async (ctx) => {
    const code = codeParam(ctx);
    const body = await parseBody(ctx, matchBodySchema);
    const result = await matchDocumentHash({ db: deps.db, code, sha256: body.sha256.toLowerCase(), lookup });
    if (!result.found) return answerNotFound(ctx);
    ctx.body = result.match ? { match: true, ...result.details } : { match: false };
  });

  return router;
}
