import type { Middleware } from 'koa';
import type { AppDependencies } from '../../create-app.js';
import type { routeMounter } from '../../contract/mount-route.js';
import { createRateLimiter, rateLimit } from '../../middleware/rate-limit.js';
import { throttleKey, clientOf } from '../../middleware/client-address.js';
import { SSO_STATE_TTL_MS } from '../../../domain/auth/sso-client.js';
import { isSeglError, SeglError } from '../../../lib/errors.js';
import { setSessionCookie } from './session-cookie.js';
import { authContracts as contracts } from './auth-contracts.js';
import { clearCookie, setCookie } from '../../cookie.js';

const STATE_COOKIE = 'segl_sso';

/**
 * What the login page explains in its own words after a failed single sign-on (`/login?sso=<code>`); other refusals
 * read as sso_failed.
 */
const SSO_PAGE_CODES = new Set([
  'sso_failed',
  'sso_no_account',
  'sso_unavailable',
  'sso_not_configured',
  'rate_limited',
]);

/**
 * A person's browser that arrives on a failed callback is sent back to the login page, which says what went wrong
 * in plain words; API clients (no text/html in Accept) keep the JSON error. The provider's own text is never shown.
 */
function backToLoginOnFailure(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const browser = /\btext\/html\b/.test(ctx.get('Accept'));
      if (!browser || !isSeglError(error)) throw error;
      ctx.set('Cache-Control', 'no-store');
      ctx.redirect(`/login?sso=${SSO_PAGE_CODES.has(error.code) ? error.code : 'sso_failed'}`);
    }
  };
}

/**
 * GET /sso/start redirects to the provider; GET /sso/callback checks its answer, starts a full session and
 * redirects to /app. The state cookie is SameSite=Lax: it must come back on the provider's top-level redirect.
 */
export function mountSsoRoutes(route: ReturnType<typeof routeMounter>, deps: AppDependencies): void {
  const { config } = deps;
  const { staffAuth } = deps.services;
  const sso = staffAuth.sso;
  const perIp = rateLimit({
    limiter: createRateLimiter({ limit: 60, windowMs: 5 * 60 * 1000 }),
    key: (ctx) => throttleKey(ctx.ip),
  });
  const stateCookieOptions = {
    publicUrl: config.publicUrl,
    name: STATE_COOKIE,
    sameSite: 'lax',
    path: '/api/v1/auth/sso',
  } as const;
  const requireSso = () => {
    if (!sso) throw new SeglError({ code: 'sso_not_configured', message: 'single sign-on is not configured' });
    return sso;
  };

  const guarded = { before: [backToLoginOnFailure(), perIp] };
  // before the query is read: without single sign-on every callback is sso_not_configured
  const configured: Middleware = async (_ctx, next) => {
    requireSso();
    await next();
  };

  route(contracts.ssoStart, guarded, async (ctx) => {
    const { url, stateCookie } = await requireSso().startLogin();
    setCookie(ctx, { ...stateCookieOptions, value: stateCookie, maxAgeMs: SSO_STATE_TTL_MS });
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(url);
  });

  route(contracts.ssoCallback, { ...guarded, guards: [configured] }, async (ctx) => {
    const client = requireSso();
    const query = ctx.input.query;
    const stateCookie = ctx.cookies.get(STATE_COOKIE) || undefined;
    clearCookie(ctx, stateCookieOptions);
    if (query.error) {
      throw new SeglError({ code: 'sso_failed', message: `the provider refused the sign-in (${query.error})` });
    }
    if (!query.code || !query.state) throw new SeglError({ code: 'sso_failed', message: 'the provider sent no code' });
    const claims = await client.finishLogin({ query: ctx.search, stateCookie });
    const session = await staffAuth.loginWithSso({ claims, ...clientOf(ctx) });
    setSessionCookie(ctx, { publicUrl: config.publicUrl, token: session.token, expiresAt: session.expiresAt });
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect('/app');
  });
}
