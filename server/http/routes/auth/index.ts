import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { principalOf } from '../../middleware/authenticate.js';
import { createRateLimiter, rateLimit, retryAfterFromErrors } from '../../middleware/rate-limit.js';
import { throttleKey, clientOf } from '../../middleware/client-address.js';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from './session-cookie.js';
import { requireSameOrigin } from './same-origin.js';
import { authContracts as contracts } from './auth-contracts.js';
import { mountSsoRoutes } from './sso.js';

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
  const { config } = deps;
  const { staffAuth } = deps.services;
  const router = new Router();
  const route = routeMounter(router, deps);
  const perIp = rateLimit({ limiter: createRateLimiter(LOGIN_IP_LIMIT), key: (ctx) => throttleKey(ctx.ip) });
  const sameOrigin = requireSameOrigin({ publicUrl: config.publicUrl });

  const throttled = { before: [retryAfterFromErrors(), perIp, sameOrigin] };

  route(contracts.login, throttled, async (ctx) => {
    const { email, password } = ctx.input.body;
    const session = await staffAuth.loginWithPassword({ email, password, ...clientOf(ctx) });
    setSessionCookie(ctx, { publicUrl: config.publicUrl, token: session.token, expiresAt: session.expiresAt });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { next: 'totp', expiresAt: session.expiresAt.toISOString() };
  });

  route(contracts.verifyTotp, throttled, async (ctx) => {
    const body = ctx.input.body;
    const session = await staffAuth.completeSecondFactor({
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
      ...(session.remainingRecoveryCodes !== undefined
        ? { remainingRecoveryCodes: session.remainingRecoveryCodes }
        : {}),
    };
  });

  /** Ends the session behind the cookie (of any stage); idempotent. */
  route(contracts.logout, { before: [sameOrigin] }, async (ctx) => {
    await staffAuth.endSession({ sessionToken: sessionCookieOf(ctx), ip: ctx.ip });
    clearSessionCookie(ctx, { publicUrl: config.publicUrl });
    ctx.body = { status: 'signed_out' };
  });

  route(contracts.me, async (ctx) => {
    const p = principalOf(ctx);
    ctx.set('Cache-Control', 'no-store');
    const { userId: id, email, name, role, via, scopes, tokenId } = p;
    ctx.body = { id, email, name, role, via, scopes, ...(tokenId ? { tokenId } : {}) };
  });

  /** What the login page offers. */
  route(contracts.options, async (ctx) => {
    const sso = config.sso ? { name: config.sso.name, startUrl: '/api/v1/auth/sso/start' } : null;
    ctx.body = { password: true, sso };
  });

  mountSsoRoutes(route, deps);
  return router;
}
