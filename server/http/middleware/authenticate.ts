import type { Middleware, Context } from 'koa';
import { SESSION_COOKIE } from '../../domain/auth/authenticate-request.js';
import { hasScope, type Principal } from '../../domain/auth/principal.js';
import { SeglError } from '../../lib/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who is calling, from a bearer token or a staff session cookie (the domain's staff sign-in service). */
export interface StaffAuthenticator {
  authenticate(credentials: { authorization?: string; sessionToken?: string }): Promise<Principal | undefined>;
}

/**
 * Cookie sessions are CSRF-protected by SameSite=Strict cookies plus this check: an unsafe request must come
 * from our own origin when the browser says where it comes from, and must not be a form post.
 */
function assertSameOrigin(ctx: Context, publicUrl: string): void {
  const origin = ctx.get('Origin');
  const allowed = new Set([new URL(publicUrl).origin, `${ctx.protocol}://${ctx.host}`]);
  if (origin && !allowed.has(origin)) {
    throw new SeglError({ code: 'csrf_rejected', message: 'cross-origin request refused' });
  }
  const type = (ctx.get('Content-Type') || '').split(';')[0].trim().toLowerCase();
  if (type === 'multipart/form-data' && !origin) {
    const message = 'uploads with a session cookie must come from the app (Origin header)';
    throw new SeglError({ code: 'csrf_rejected', message });
  }
  if (type && type !== 'application/json' && type !== 'multipart/form-data') {
    throw new SeglError({
      code: 'csrf_rejected',
      message: 'requests with a session cookie must send JSON',
      status: 415,
    });
  }
}

/**
 * Resolves the caller (bearer token or staff session) into `ctx.state.principal`; 401 without one, 403 when the
 * route's scope is missing. Route contracts add it (mount-route.ts): the scope is the contract's.
 */
export function authenticate(options: {
  authenticator: StaffAuthenticator;
  publicUrl: string;
  scope?: string;
}): Middleware {
  return async (ctx, next) => {
    const principal = await options.authenticator.authenticate({
      authorization: ctx.get('Authorization') || undefined,
      sessionToken: ctx.cookies.get(SESSION_COOKIE) || undefined,
    });
    if (!principal) throw new SeglError({ code: 'unauthenticated', message: 'sign in or send a bearer token' });
    if (principal.via === 'session' && !SAFE_METHODS.has(ctx.method)) assertSameOrigin(ctx, options.publicUrl);
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
