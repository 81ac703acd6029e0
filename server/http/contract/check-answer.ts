import type { Context } from 'koa';
import { z } from 'zod';
import type { RouteContract } from './route-contract.js';

/**
 * With `SEGL_CHECK_RESPONSES=on` (development and tests): a JSON answer must match the schema its contract declares
 * for that status, as a client reads it (after JSON serialisation). A mismatch is a server bug: it is written to
 * stderr and answered as a 500, so the test that made the request fails where the drift is.
 */
export function checkAnswer(ctx: Context, contract: RouteContract): void {
  const schema = contract.responses[ctx.status]?.schema;
  const body: unknown = ctx.body;
  if (!schema || body === null || typeof body !== 'object' || Buffer.isBuffer(body) || 'pipe' in body) return;
  const result = schema.safeParse(JSON.parse(JSON.stringify(body)));
  if (result.success) return;
  const message =
    `${contract.method.toUpperCase()} ${contract.path} answered ${ctx.status} with a body its contract does not ` +
    `declare:\n${z.prettifyError(result.error)}`;
  process.stderr.write(`\n!!! ${message}\n\n`);
  throw new Error(message);
}
