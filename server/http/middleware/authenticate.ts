import type { Middleware, Context } from 'koa';
import { authenticateRequest, SESSION_COOKIE } from '../../domain/auth/authenticate-request.js';
import { hasScope, type Principal } from '../../domain/auth/principal.js';
import { SeglError } from '../../lib/errors.js';
import type { AppDependencies } from '../create-app.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie sessions are CSRF-protected by SameSite=Strict cookies plus this check: an unsafe request must come
 * from our own origin when the browser says where it comes from, and must not be a form post.
 */
function assertSameOrigin(ctx: Context, publicUrl: string): void {
  const origin = ctx.get('Origin');
  const allowed = new Set([new URL(publicUrl).origin, `${ctx.protocol}://${ctx.host}`]);
  if (origin && !allowed.has(origin)) throw new SeglError({ code: 'csrf_rejected', message: 'cross-origin request refused' });
  const type = (ctx.get('Content-Type') || '').split(';')[0].trim().toLowerCase();
  if (type === 'multipart/form-data' && !origin) {
    throw new SeglError({ code: 'csrf_rejected', message: 'uploads with a session cookie must come from the app (Origin header)' });
  }
  if (type && type !== 'application/json' && type !== 'multipart/form-data') {
    throw new SeglError({ code: 'csrf_rejected', message: 'requests with a session cookie must send JSON' });
  }
}

/** Resolves the caller (bearer token or staff session) into `ctx.state.principal`; 401 without one. */
export function authenticate(deps: Pick<AppDependencies, 'db' | 'clock' | 'config'>, options: { scope?: string } = {}): Middleware {
  return async (ctx, next) => {
    const principal = await authenticateRequest({
      db: deps.db,
      clock: deps.clock,
      authorization: ctx.get('Authorization') || undefined,
      sessionToken: ctx.cookies.get(SESSION_COOKIE) || undefined,
    });
    if (!principal) throw new SeglError({ code: 'unauthenticated', message: 'sign in or send a bearer token' });
    if (principal.via === 'session' && !SAFE_METHODS.has(ctx.method)) assertSameOrigin(ctx, deps.config.publicUrl);
    if (options.scope && !hasScope(principal, options.scope)) {
      throw new SeglError({ code: 'insufficient_scope', message: `this token lacks the "${options.scope}" scope` });
    }
    ctx.state.principal = principal;
    await next();
  };
}

export function principalOf(ctx: Context): Principal {
  const principal = ctx.state.principal as Principal | undefined;
  if (!principal) throw new SeglError({ code: 'unauthenticated', message: 'sign in or send a bearer token' });
  return principal;
}

export function requireAdmin(): Middleware {
  return async (ctx, next) => {
    if (principalOf(ctx).role !== 'admin') throw new SeglError({ code: 'forbidden', message: 'administrators only' });
    await next();
  };
}
