import type { Context } from 'koa';
import type { z } from 'zod';
import { SeglError } from '../../lib/errors.js';
import { readJsonBody } from '../read-json-body.js';
import { readMultipartUpload } from '../read-multipart-upload.js';
import type { RouteContract, RouteInput, Upload } from './route-contract.js';

function invalid(error: z.ZodError): SeglError {
  const issues = error.issues.slice(0, 10).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  const text = message || 'the request is not valid';
  return new SeglError({ code: 'invalid_request', message: text, details: { issues } });
}

/** NUL and other C0 controls (tab and newlines aside) never belong in our inputs, and they break SQL drivers. */
// eslint-disable-next-line no-control-regex
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
      const found =
        findControlCharacter(key, path, depth + 1) ??
        findControlCharacter(entry, path ? `${path}.${key}` : key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function refuseControlCharacters(value: unknown): void {
  const at = findControlCharacter(value, '');
  if (at) throw new SeglError({ code: 'invalid_request', message: `${at}: control characters are not allowed` });
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(result.error);
  return result.data;
}

/**
 * A reader of a contract's path parameters (prepared once per route): a value of the wrong shape answers the
 * parameter's error (404 for ids), never a lookup.
 */
export function paramsReader(contract: RouteContract): (ctx: Context) => Record<string, unknown> {
  const entries = Object.entries(contract.params ?? {});
  return (ctx) => {
    const params: Record<string, unknown> = {};
    for (const [name, param] of entries) {
      const result = param.schema.safeParse((ctx.params as Record<string, string | undefined>)[name]);
      if (!result.success) throw new SeglError(param.invalid ?? { code: 'not_found', message: 'not found' });
      params[name] = result.data;
    }
    return params;
  };
}

type QueryAndBody = Pick<RouteInput<unknown>, 'query' | 'body'>;

/** The query string and the JSON body as the contract describes them; unknown keys fail strict schemas. */
export async function readQueryAndBody(ctx: Context, contract: RouteContract): Promise<QueryAndBody> {
  let query: unknown = {};
  if (contract.query) {
    refuseControlCharacters(ctx.query);
    query = parse(contract.query, ctx.query);
  }
  let body: unknown;
  if (contract.body) {
    const raw = await readJsonBody(ctx);
    refuseControlCharacters(raw);
    body = parse(contract.body, raw);
  }
  return { query, body } as QueryAndBody;
}

/** Reads the contract's multipart body and validates its text fields. */
export async function readUpload(
  ctx: Context,
  contract: RouteContract,
  options: { maxFileBytes: number },
): Promise<Upload<unknown>> {
  if (!contract.upload) throw new Error(`${contract.operationId} has no upload in its contract`);
  const upload = await readMultipartUpload(ctx, options);
  return { file: upload.file, filename: upload.filename, fields: parse(contract.upload.fields, upload.fields) };
}
