import Router from '@koa/router';
import { openKeyRing } from '../../../domain/keys/key-ring.js';
import type { Context } from 'koa';
import type { AppDependencies } from '../../create-app.js';
import { authenticate, principalOf } from '../../middleware/authenticate.js';
import { createRateLimiter, rateLimit, retryAfterFromErrors } from '../../middleware/rate-limit.js';
import { throttleKey } from '../../middleware/client-address.js';
import { parseBody } from '../../validate.js';
import { loginWithPassword } from '../../../domain/auth/login-with-password.js';
import { completeSecondFactor } from '../../../domain/auth/complete-second-factor.js';
import { deleteStaffSession, findStaffSession } from '../../../domain/auth/staff-sessions.js';
import { recordStaffEvent } from '../../../domain/staff-events/record-staff-event.js';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from './session-cookie.js';
import { requireSameOrigin } from './same-origin.js';
import { emptySchema, loginSchema, secondFactorSchema } from './schemas.js';
import { ssoRoutes } from './sso.js';

/**
 * Requests per client network (IPv4 address, IPv6 /64) on the login endpoints, right or wrong; failed guesses
 * are counted in the database per account and network (domain/auth/attempt-throttle.ts).
 */
export const LOGIN_IP_LIMIT = { limit: 100, windowMs: 5 * 60 * 1000 };

/**
 * Staff login: POST /auth/login (password) -> `password`-stage session cookie, POST /auth/totp (TOTP or a
 * recovery code) -> full session under a new cookie; /auth/logout, /auth/me, and SSO under /auth/sso.
 */
export function authRoutes(deps: AppDependencies): Router {
  const { db, clock, config, kek } = deps;
  // TOTP secrets are opened through the key ring, so logins keep working across `segl keys rotate`.
  const keyRing = openKeyRing({ dataDir: config.dataDir, kek, fromEnvironment: Boolean(config.kek) });
  const router = new Router({ prefix: '/api/v1/auth' });
  const perIp = rateLimit({ limiter: createRateLimiter(LOGIN_IP_LIMIT), key: (ctx) => throttleKey(ctx.ip) });
  const sameOrigin = requireSameOrigin({ publicUrl: config.publicUrl });
  const client = (ctx: Context) => ({ ip: ctx.ip, userAgent: ctx.get('User-Agent') || null });

  router.post('/login', retryAfterFromErrors(), perIp, sameOrigin, async (ctx) => {
    const body = await parseBody(ctx, loginSchema);
    const session = await loginWithPassword({ db, clock, email: body.email, password: body.password, ...client(ctx) });
    setSessionCookie(ctx, { publicUrl: config.publicUrl, token: session.token, expiresAt: session.expiresAt });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { next: 'totp', expiresAt: session.expiresAt.toISOString() };
  });

  router.post('/totp', retryAfterFromErrors(), perIp, sameOrigin, async (ctx) => {
    const body = await parseBody(ctx, secondFactorSchema);
    const session = await completeSecondFactor({
      db,
      clock,
      kek: keyRing,
      sessionToken: sessionCookieOf(ctx),
      code: 'code' in body ? body.code : undefined,
      recoveryCode: 'recoveryCode' in body ? body.recoveryCode : undefined,
      ip: ctx.ip,
    });
    setSessionCookie(ctx, { publicUrl: config.publicUrl, token: session.token, expiresAt: session.expiresAt });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      status: 'signed_in',
      userId: session.userId,
      expiresAt: session.expiresAt.toISOString(),
      ...(session.remainingRecoveryCodes !== undefined ? { remainingRecoveryCodes: session.remainingRecoveryCodes } : {}),
    };
  });

  /** Ends the session behind the cookie (of any stage); idempotent. */
  router.post('/logout', sameOrigin, async (ctx) => {
    await parseBody(ctx, emptySchema);
    const session = await findStaffSession({ db, clock, token: sessionCookieOf(ctx) });
    if (session) {
      await deleteStaffSession({ db, sessionId: session.id });
      await recordStaffEvent({ db, clock, action: 'auth.logout', actorId: session.userId, targetType: 'user', targetId: session.userId, ip: ctx.ip });
    }
    clearSessionCookie(ctx, { publicUrl: config.publicUrl });
    ctx.body = { status: 'signed_out' };
  });

  router.get('/me', authenticate(deps), async (ctx) => {
    const p = principalOf(ctx);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { id: p.userId, email: p.email, name: p.name, role: p.role, via: p.via, scopes: p.scopes, ...(p.tokenId ? { tokenId: p.tokenId } : {}) };
  });

  /** What the login page offers. */
  router.get('/options', async (ctx) => {
    ctx.body = { password: true, sso: config.sso ? { name: config.sso.name, startUrl: '/api/v1/auth/sso/start' } : null };
  });

  const sso = ssoRoutes(deps);
  router.use(sso.routes(), sso.allowedMethods());
  return router;
}
