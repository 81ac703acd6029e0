import Router from '@koa/router';
import type { SigningContext } from '../../../domain/signing-context.js';
import { readRawBody } from '../../read-raw-body.js';

const TIMESTAMP_QUERY_LIMIT = 16 * 1024;

/** The built-in RFC 3161 time-stamp authority over HTTP (RFC 3161 §3.4). */
export function tsaRoutes(signing: SigningContext): Router {
  const router = new Router();
  router.post('/tsa', async (ctx) => {
    const query = await readRawBody(ctx, { types: ['application/timestamp-query'], limit: TIMESTAMP_QUERY_LIMIT });
    ctx.type = 'application/timestamp-reply';
    ctx.body = Buffer.from(signing.answerTimestampRequest(query));
  });
  return router;
}
