import type { Context } from 'koa';
import { SeglError } from '../lib/errors.js';
import { readRawBody } from './read-raw-body.js';

export const JSON_BODY_LIMIT = 64 * 1024;

/** Reads a JSON request body (an empty body is `{}`); malformed JSON is a 400, never a 500. */
export async function readJsonBody(ctx: Context, limit = JSON_BODY_LIMIT): Promise<unknown> {
  const length = ctx.get('Content-Length');
  if ((length === '0' || length === '') && !ctx.get('Transfer-Encoding')) return {};
  const raw = await readRawBody(ctx, { types: ['application/json'], limit });
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new SeglError({ code: 'invalid_json', message: 'the body is not valid JSON' });
  }
}
