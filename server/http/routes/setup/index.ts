import Router from '@koa/router';
import { openKeyRing } from '../../../domain/keys/key-ring.js';
import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import { z } from 'zod';
import type { AppDependencies } from '../../create-app.js';
import { createRateLimiter, rateLimit, retryAfterFromErrors } from '../../middleware/rate-limit.js';
import { throttleKey } from '../../middleware/client-address.js';
import { beginAttempt } from '../../../domain/auth/attempt-throttle.js';
import { recordLockouts } from '../../../domain/auth/record-lockouts.js';
import { parseBody } from '../../validate.js';
import { beginSetup, checkSetupToken, confirmSetup } from '../../../domain/users/setup-first-admin.js';
import { beginEnrolment, confirmEnrolment, findEnrollingUser } from '../../../domain/users/enrol-user.js';
import { isSeglError } from '../../../lib/errors.js';
import { requireSameOrigin } from '../auth/same-origin.js';
import { plainText } from '../auth/plain-text.js';
import { setSessionCookie } from '../auth/session-cookie.js';
import { pageAssets } from '../portal/page-assets.js';
import { AUTH_PAGE_CSP, renderAuthPage, type AuthPageMode } from './page-html.js';

const token = z.string().min(1).max(200);
const password = z.string().min(1).max(1024);
const code = z.string().trim().regex(/^\d{6}$/, 'a 6-digit code');
const statusSchema = z.strictObject({ token });
const setupSchema = z.strictObject({ token, email: z.email().max(320), name: plainText({ max: 200 }), password });
const enrolSchema = z.strictObject({ token, password });
const confirmSchema = z.strictObject({ token, code });

/**
 * The first administrator (/setup/<token>, printed by `segl serve` while none exists), enrolment of invited
 * staff (/enrol/<token>, from `segl admin create` or POST /users), the login page (/login), and their JSON API:
 * POST /api/v1/{setup,enrol}/status {token} -> {valid}, POST /api/v1/{setup,enrol} -> TOTP secret,
 * POST /api/v1/{setup,enrol}/confirm {token, code} -> recovery codes (once) and a full session.
 */
export function setupRoutes(deps: AppDependencies): Router {
  const { db, clock, config, kek: fixedKek } = deps;
  const kek = openKeyRing({ dataDir: config.dataDir, kek: fixedKek, fromEnvironment: Boolean(config.kek) });
  const router = new Router();
  const perIp = rateLimit({ limiter: createRateLimiter({ limit: 200, windowMs: 5 * 60 * 1000 }), key: (ctx) => throttleKey(ctx.ip) });
  const sameOrigin = requireSameOrigin({ publicUrl: config.publicUrl });
  const linkKey = (value: string) => createHash('sha256').update(value).digest('hex');
  const client = (ctx: Context) => ({ ip: ctx.ip, userAgent: ctx.get('User-Agent') || null });

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
  router.get('/setup/:token', page('setup'));
  router.get('/enrol/:token', page('enrol'));
  router.get('/login', page('login'));

  /**
   * Counts a TOTP guess per link and client network BEFORE it is checked (see beginAttempt: parallel guesses
   * cannot outrun the count); over the limit answers 429 without trying. Only a wrong code keeps its count.
   */
  const withCodeLimit = async (ctx: Context, link: string, work: () => Promise<void>) => {
    const attempt = await beginAttempt({ db, clock, scope: 'link', subject: linkKey(link), ip: ctx.ip });
    try {
      await work();
    } catch (error) {
      if (isSeglError(error) && error.code === 'invalid_code') {
        await recordLockouts({ db, clock, lockouts: await attempt.fail(), ip: ctx.ip });
      } else {
        await attempt.succeed();
      }
      throw error;
    }
    await attempt.succeed();
  };

  router.post('/api/v1/setup/status', perIp, sameOrigin, async (ctx) => {
    const body = await parseBody(ctx, statusSchema);
    ctx.body = { valid: await checkSetupToken({ db, token: body.token }) };
  });
  router.post('/api/v1/setup', perIp, sameOrigin, async (ctx) => {
    const body = await parseBody(ctx, setupSchema);
    const started = await beginSetup({ db, clock, kek, ...body });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { userId: started.userId, totpSecret: started.totpSecret, otpauthUri: started.otpauthUri };
  });
  router.post('/api/v1/setup/confirm', retryAfterFromErrors(), perIp, sameOrigin, async (ctx) => {
    const body = await parseBody(ctx, confirmSchema);
    await withCodeLimit(ctx, body.token, async () => {
      const done = await confirmSetup({ db, clock, kek, token: body.token, code: body.code, ...client(ctx) });
      setSessionCookie(ctx, { publicUrl: config.publicUrl, token: done.session.token, expiresAt: done.session.expiresAt });
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { userId: done.userId, recoveryCodes: done.recoveryCodes };
    });
  });

  router.post('/api/v1/enrol/status', perIp, sameOrigin, async (ctx) => {
    const body = await parseBody(ctx, statusSchema);
    try {
      const user = await findEnrollingUser({ db, clock, token: body.token });
      ctx.body = { valid: true, email: user.email, name: user.name };
    } catch (error) {
      if (isSeglError(error) && error.code === 'invalid_link') ctx.body = { valid: false };
      else throw error;
    }
  });
  router.post('/api/v1/enrol', perIp, sameOrigin, async (ctx) => {
    const body = await parseBody(ctx, enrolSchema);
    const user = await findEnrollingUser({ db, clock, token: body.token });
    const started = await beginEnrolment({ db, kek, userId: user.id, email: user.email, password: body.password });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { userId: user.id, totpSecret: started.totpSecret, otpauthUri: started.otpauthUri };
  });
  router.post('/api/v1/enrol/confirm', retryAfterFromErrors(), perIp, sameOrigin, async (ctx) => {
    const body = await parseBody(ctx, confirmSchema);
    await withCodeLimit(ctx, body.token, async () => {
      const user = await findEnrollingUser({ db, clock, token: body.token });
      const done = await confirmEnrolment({ db, clock, kek, userId: user.id, code: body.code, ...client(ctx) });
      setSessionCookie(ctx, { publicUrl: config.publicUrl, token: done.session.token, expiresAt: done.session.expiresAt });
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { userId: done.userId, recoveryCodes: done.recoveryCodes };
    });
  });
  return router;
}
