import Router from '@koa/router';
import type { Context } from 'koa';
import { SIGNING_TOKEN_SHAPE } from '../../../domain/signer-flow/resolve-signing-link.js';
import { SSO_STATE_TTL_MS } from '../../../domain/auth/sso-client.js';
import { isSeglError, SeglError } from '../../../lib/errors.js';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { createRateLimiter, rateLimit, retryAfterFromErrors } from '../../middleware/rate-limit.js';
import { throttleKey, clientOf } from '../../middleware/client-address.js';
import { requireSameOrigin } from '../auth/same-origin.js';
import { attachmentDisposition } from '../documents/content-disposition.js';
import { setSignerCookie, signerCookieOf } from './signer-cookie.js';
import { signerApiContracts as contracts } from './signer-api-contracts.js';
import { clearCookie, setCookie } from '../../cookie.js';

const OIDC_STATE_COOKIE = 'segl_signer_oidc';

/**
 * The signer's API under /api/v1/signing: the link token is the only credential until the signer proves who they
 * are (e-mailed code or identity provider), which starts a short session cookie scoped to this link's path.
 */
export function signerApiRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const route = routeMounter(router, deps);
  const { config } = deps;
  const { signerApi } = deps.services;
  // keyed per address, and per /64 for IPv6 (one client usually holds the whole prefix)
  const byClient = (ctx: Context) => throttleKey(ctx.ip);
  const perIp = rateLimit({
    limiter: createRateLimiter({ limit: config.signingRateLimit, windowMs: 60_000 }),
    key: byClient,
  });
  const otpPerIp = rateLimit({ limiter: createRateLimiter({ limit: 30, windowMs: 10 * 60_000 }), key: byClient });
  const sameOrigin = requireSameOrigin({ publicUrl: config.publicUrl });
  const noStore = async (ctx: Context, next: () => Promise<unknown>) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    await next();
  };
  const common = { before: [retryAfterFromErrors(), perIp, noStore] };
  // the identity provider's round trip state, under the provider's callback path only
  const oidcStateCookie = (provider: string) =>
    ({
      publicUrl: config.publicUrl,
      name: OIDC_STATE_COOKIE,
      sameSite: 'lax',
      path: `/api/v1/signing/oidc/${provider}`,
    }) as const;
  const otp = { before: [...common.before, otpPerIp, sameOrigin] };
  const signerAction = { before: [...common.before, sameOrigin] };

  route(contracts.getSigning, common, async (ctx) => {
    const token = ctx.input.params.token;
    ctx.body = await signerApi.view({ token, sessionToken: signerCookieOf(ctx), ...clientOf(ctx) });
  });

  type SignerContext = Context & { input: { params: { token: string } } };
  const sendPdf = (version: 'original' | 'final') => async (ctx: SignerContext) => {
    const token = ctx.input.params.token;
    const pdf = await signerApi.openPdf({ token, sessionToken: signerCookieOf(ctx), version, ...clientOf(ctx) });
    if (version === 'final') ctx.set('Content-Disposition', attachmentDisposition(pdf.title));
    else ctx.set('Content-Disposition', 'inline');
    ctx.set('Content-Length', String(pdf.sizeBytes));
    ctx.set('Digest', `sha-256=${Buffer.from(pdf.sha256, 'hex').toString('base64')}`);
    pdf.stream.on('error', (error) => ctx.state.log?.error({ err: error }, 'decryption failed while streaming'));
    ctx.type = 'application/pdf';
    ctx.body = pdf.stream;
  };
  route(contracts.getSigningPdf, common, sendPdf('original'));
  route(contracts.getSignedPdf, common, sendPdf('final'));

  route(contracts.requestOtp, otp, async (ctx) => {
    ctx.status = 202;
    ctx.body = await signerApi.requestOtp({ token: ctx.input.params.token, ...clientOf(ctx) });
  });
  route(contracts.verifyOtp, otp, async (ctx) => {
    const token = ctx.input.params.token;
    const session = await signerApi.verifyOtp({ token, code: ctx.input.body.code, ...clientOf(ctx) });
    setSignerCookie(ctx, {
      publicUrl: config.publicUrl,
      token,
      sessionToken: session.sessionToken,
      expiresAt: session.expiresAt,
    });
    ctx.body = { authenticated: true };
  });

  route(contracts.startOidc, common, async (ctx) => {
    const start = await signerApi.startOidc({ token: ctx.input.params.token });
    const state = oidcStateCookie(start.provider);
    setCookie(ctx, { ...state, value: start.stateCookie, maxAgeMs: SSO_STATE_TTL_MS });
    ctx.redirect(start.url);
  });
  route(contracts.oidcCallback, common, async (ctx) => {
    const provider = ctx.input.params.provider;
    const query = ctx.input.query;
    const stateCookie = ctx.cookies.get(OIDC_STATE_COOKIE) || undefined;
    clearCookie(ctx, oidcStateCookie(provider));
    if (query.error || !query.code || !query.state) {
      throw new SeglError({
        code: 'sso_failed',
        message: query.error
          ? `the identity provider refused the sign-in (${query.error})`
          : 'the identity provider sent no code',
      });
    }
    try {
      const callback = { providerKey: provider, query: ctx.search, stateCookie };
      const done = await signerApi.finishOidc({ ...callback, ...clientOf(ctx) });
      setSignerCookie(ctx, {
        publicUrl: config.publicUrl,
        token: done.token,
        sessionToken: done.sessionToken,
        expiresAt: done.expiresAt,
      });
      ctx.redirect(`/s/${done.token}`);
    } catch (error) {
      const token = isSeglError(error) ? error.details?.token : undefined;
      if (typeof token !== 'string' || !SIGNING_TOKEN_SHAPE.test(token)) throw error;
      ctx.redirect(`/s/${token}?auth=failed&reason=${encodeURIComponent((error as SeglError).code)}`);
    }
  });

  route(contracts.sign, signerAction, async (ctx) => {
    const { sha256, language } = ctx.input.body;
    const signer = { token: ctx.input.params.token, sessionToken: signerCookieOf(ctx) };
    ctx.body = await signerApi.sign({ ...signer, consent: true, sha256, language, ...clientOf(ctx) });
  });
  route(contracts.decline, signerAction, async (ctx) => {
    const signer = { token: ctx.input.params.token, sessionToken: signerCookieOf(ctx) };
    ctx.body = await signerApi.decline({ ...signer, reason: ctx.input.body.reason, ...clientOf(ctx) });
  });
  return router;
}
