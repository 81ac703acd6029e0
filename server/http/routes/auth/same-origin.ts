import type { Middleware } from 'koa';
import { SeglError } from '../../../lib/errors.js';

/**
 * For unauthenticated state-changing endpoints (login, second factor, setup, enrolment): a browser that says
 * where the request comes from must say it comes from us (login CSRF). JSON-only bodies are enforced by
 * readJsonBody (415 otherwise).
 */
export function requireSameOrigin(options: { publicUrl: string }): Middleware {
  const publicOrigin = new URL(options.publicUrl).origin;
  return async (ctx, next) => {
    const origin = ctx.get('Origin');
    if (origin && origin !== publicOrigin && origin !== `${ctx.protocol}://${ctx.host}`) {
      throw new SeglError({ code: 'csrf_rejected', message: 'cross-origin request refused' });
    }
    await next();
  };
}
