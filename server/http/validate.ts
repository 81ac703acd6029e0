import type { Context } from 'koa';
import type { z } from 'zod';
import { SeglError } from '../lib/errors.js';
import { readJsonBody } from './read-json-body.js';

function invalid(error: z.ZodError): SeglError {
  const issues = error.issues.slice(0, 10).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return new SeglError({ code: 'invalid_request', message: message || 'the request is not valid', details: { issues } });
}

/** NUL and other C0 controls (tab and newlines aside) never belong in our inputs, and they break SQL drivers. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

function findControlCharacter(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > 32) return undefined;
  if (typeof value === 'string') return CONTROL_CHARACTERS.test(value) ? path || 'value' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findControlCharacter(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) {
      const found = findControlCharacter(key, path, depth + 1) ?? findControlCharacter(entry, path ? `${path}.${key}` : key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function refuseControlCharacters(value: unknown): void {
  const at = findControlCharacter(value, '');
  if (at) throw new SeglError({ code: 'invalid_request', message: `${at}: control characters are not allowed` });
}

/** Reads and validates a JSON body against a schema (unknown keys rejected by strict schemas). */
export async function parseBody<T extends z.ZodType>(ctx: Context, schema: T): Promise<z.infer<T>> {
  const body = await readJsonBody(ctx);
  refuseControlCharacters(body);
  const result = schema.safeParse(body);
  if (!result.success) throw invalid(result.error);
  return result.data;
}

export function parseQuery<T extends z.ZodType>(ctx: Context, schema: T): z.infer<T> {
  refuseControlCharacters(ctx.query);
  const result = schema.safeParse(ctx.query);
  if (!result.success) throw invalid(result.error);
  return result.data;
}

/** Route parameters are ids: refuse anything that is not one with 404 (not 500, not a lookup). */
export function idParam(ctx: Context, name = 'id'): string {
  const value = (ctx.params as Record<string, string>)[name];
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new SeglError({ code: 'not_found', message: 'not found' });
  return value;
}
