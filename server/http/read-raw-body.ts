import type { Context } from 'koa';
import { SeglError } from '../lib/errors.js';

/** Reads a binary request body of one of the given content types, refusing it past `limit` bytes. */
export async function readRawBody(ctx: Context, options: { types: string[]; limit: number }): Promise<Buffer> {
  const type = (ctx.get('Content-Type') || '').split(';')[0].trim().toLowerCase();
  if (!options.types.includes(type)) {
    throw new SeglError({ code: 'unsupported_media_type', message: `expected ${options.types.join(' or ')}` });
  }
  const declared = Number(ctx.get('Content-Length') || 0);
  if (declared > options.limit) {
    throw new SeglError({ code: 'payload_too_large', message: `the body may be at most ${options.limit} bytes` });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early must not destroy the request: the client is still owed its 413 answer.
  for await (const chunk of ctx.req.iterator({ destroyOnReturn: false })) {
    size += (chunk as Buffer).length;
    if (size > options.limit) {
      ctx.set('Connection', 'close');
      ctx.req.resume();
      throw new SeglError({ code: 'payload_too_large', message: `the body may be at most ${options.limit} bytes` });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
