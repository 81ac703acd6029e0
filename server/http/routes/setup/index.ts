import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { createRateLimiter, rateLimit, retryAfterFromErrors } from '../../middleware/rate-limit.js';
import { throttleKey, clientOf } from '../../middleware/client-address.js';
import { isSeglError } from '../../../lib/errors.js';
import { requireSameOrigin } from '../auth/same-origin.js';
import { setSessionCookie } from '../auth/session-cookie.js';
import { pageAssets } from '../portal/page-assets.js';
import { AUTH_PAGE_CSP, renderAuthPage, type AuthPageMode } from './page-html.js';
import { setupContracts as contracts } from './setup-contracts.js';

/**
 * The first administrator (/setup/<token>, printed by `segl serve` while none exists), enrolment of invited
 * staff (/enrol/<token>, from `segl admin create` or POST /users), the login page (/login), and their JSON API:
 * POST /api/v1/{setup,enrol}/status {token} -> {valid}, POST /api/v1/{setup,enrol} -> TOTP secret,
 * POST /api/v1/{setup,enrol}/confirm {token, code} -> recovery codes (once) and a full session.
 */
export function setupRoutes(deps: AppDependencies): Router {
  const { config } = deps;
  const { users, staffAuth } = deps.services;
  const router = new Router();
  const route = routeMounter(router, deps);
  const perIp = rateLimit({
    limiter: createRateLimiter({ limit: 200, windowMs: 5 * 60 * 1000 }),
    key: (ctx) => throttleKey(ctx.ip),
  });
  const sameOrigin = requireSameOrigin({ publicUrl: config.publicUrl });

  const unavailable = { code: 'sign_in_unavailable', message: 'the sign-in pages are not available' } as const;
  /** The portal build's auth.js/auth.css around the mode; the page asks the API whether a link is valid. */
  const page = (mode: AuthPageMode) => async (ctx: Context) => {
    const assets = await pageAssets({ page: 'auth', logger: deps.logger, unavailable });
    ctx.set('Content-Security-Policy', AUTH_PAGE_CSP);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Robots-Tag', 'noindex, nofollow');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderAuthPage({ ...assets, mode });
  };
  route(contracts.setupPage, page('setup'));
  route(contracts.enrolPage, page('enrol'));
  route(contracts.loginPage, page('login'));

  const guarded = { before: [perIp, sameOrigin] };
  // TOTP guesses are counted per link and client network before they are checked (staffAuth.countCodeGuess)
  const codeGuarded = { before: [retryAfterFromErrors(), perIp, sameOrigin] };

  route(contracts.setupStatus, guarded, async (ctx) => {
    ctx.body = { valid: await users.checkSetupToken({ token: ctx.input.body.token }) };
  });
  route(contracts.setupBegin, guarded, async (ctx) => {
    const started = await users.beginSetup(ctx.input.body);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { userId: started.userId, totpSecret: started.totpSecret, otpauthUri: started.otpauthUri };
  });
  route(contracts.setupConfirm, codeGuarded, async (ctx) => {
    const { token, code } = ctx.input.body;
    const check = () => users.confirmSetup({ token, code, ...clientOf(ctx) });
    const done = await staffAuth.countCodeGuess({ link: token, ip: ctx.ip, check });
    const { token: sessionToken, expiresAt } = done.session;
    setSessionCookie(ctx, { publicUrl: config.publicUrl, token: sessionToken, expiresAt });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { userId: done.userId, recoveryCodes: done.recoveryCodes };
  });

  route(contracts.enrolStatus, guarded, async (ctx) => {
    try {
      const user = await users.findEnrolling({ token: ctx.input.body.token });
      ctx.body = { valid: true, email: user.email, name: user.name };
    } catch (error) {
      if (isSeglError(error) && error.code === 'invalid_link') ctx.body = { valid: false };
      else throw error;
    }
  });
  route(contracts.enrolBegin, guarded, async (ctx) => {
    const { token, password } = ctx.input.body;
    const user = await users.findEnrolling({ token });
    const started = await users.beginEnrolment({ userId: user.id, email: user.email, password });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { userId: user.id, totpSecret: started.totpSecret, otpauthUri: started.otpauthUri };
  });
  route(contracts.enrolConfirm, codeGuarded, async (ctx) => {
    const { token, code } = ctx.input.body;
    const check = async () => {
      const user = await users.findEnrolling({ token });
      return users.confirmEnrolment({ userId: user.id, code, ...clientOf(ctx) });
    };
    const done = await staffAuth.countCodeGuess({ link: token, ip: ctx.ip, check });
    const { token: sessionToken, expiresAt } = done.session;
    setSessionCookie(ctx, { publicUrl: config.publicUrl, token: sessionToken, expiresAt });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { userId: done.userId, recoveryCodes: done.recoveryCodes };
  });
  return router;
}
