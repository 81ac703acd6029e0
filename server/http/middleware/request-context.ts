import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../../lib/logger.js';
import { isSeglError } from '../../lib/errors.js';
import { isStorageFull } from '../../lib/storage-full.js';

const STATUS_CODES: Record<number, string> = {
  404: 'not_found',
  405: 'method_not_allowed',
  501: 'not_implemented',
};

/**
 * Paths that carry a secret link token (signing, setup, enrolment) are logged with it replaced, in any case and with
 * repeated slashes (the router ignores case).
 */
const TOKEN_PATH = /^(\/+(?:s|setup|enrol|api\/+v1\/+signing)\/+)[^/]+/i;

function redactPath(path: string): string {
  return path.replace(TOKEN_PATH, '$1[redacted]');
}

/**
 * Request id, one access log line per request, and the one place where errors become JSON
 * `{ error, message }`: client mistakes keep their status and code; anything unexpected is a 500 `server_error`
 * whose details stay in the log.
 */
/** Details a client may act on (tries left; Retry-After is a header); anything else in `details` stays in the logs. */
const PUBLIC_DETAILS = ['attemptsLeft'] as const;

function publicDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!details) return {};
  return Object.fromEntries(
    PUBLIC_DETAILS.filter((key) => typeof details[key] === 'number').map((key) => [key, details[key]]),
  );
}

export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const requestId = randomUUID();
    const started = performance.now();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
      if (ctx.status >= 400 && (ctx.body === undefined || ctx.body === null || typeof ctx.body === 'string')) {
        const status = ctx.status;
        ctx.body = { error: STATUS_CODES[status] ?? 'http_error', message: ctx.message || 'request failed' };
        ctx.status = status;
      }
    } catch (error) {
      if (isSeglError(error) && error.expose) {
        ctx.status = error.status;
        ctx.body = { error: error.code, message: error.message, ...publicDetails(error.details) };
      } else {
        const status = (error as { status?: number; expose?: boolean }).status;
        if (status && status >= 400 && status < 500) {
          ctx.status = status;
          ctx.body = { error: status === 413 ? 'payload_too_large' : 'bad_request', message: (error as Error).message };
        } else if (isStorageFull(error)) {
          // a full disk is the operator's to mend, and the client's request is not at fault: say so, never a bare 500
          ctx.status = 507;
          const message = 'the appliance is out of disk space; nothing was stored. Try again once space is freed';
          ctx.body = { error: 'insufficient_storage', message, requestId };
          ctx.state.log.error({ err: error }, 'request failed: the disk is full');
        } else {
          ctx.status = 500;
          ctx.body = { error: 'server_error', message: 'an unexpected error occurred', requestId };
          ctx.state.log.error({ err: error }, 'request failed');
        }
      }
    } finally {
      ctx.state.log.info(
        {
          method: ctx.method,
          path: redactPath(ctx.path),
          status: ctx.status,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    }
  };
}
