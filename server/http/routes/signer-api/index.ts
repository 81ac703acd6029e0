import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { viewSigning } from '../../../domain/signer-flow/view-signing.js';
import { requestSignerOtp, verifySignerOtp } from '../../../domain/signer-flow/signer-otp.js';
import { signAsSigner } from '../../../domain/signer-flow/sign-as-signer.js';
import { declineAsSigner } from '../../../domain/signer-flow/decline-as-signer.js';
import { openSignerPdf } from '../../../domain/signer-flow/open-signer-pdf.js';
import { createSignerOidcClients, finishSignerOidc, startSignerOidc } from '../../../domain/signer-flow/signer-oidc.js';
import { SIGNING_TOKEN_SHAPE } from '../../../domain/signer-flow/resolve-signing-link.js';
import { SSO_STATE_TTL_MS } from '../../../domain/auth/sso-client.js';
import { isSeglError, SeglError } from '../../../lib/errors.js';
import type { AppDependencies } from '../../create-app.js';
import { createRateLimiter, rateLimit, retryAfterFromErrors } from '../../middleware/rate-limit.js';
import { throttleKey } from '../../middleware/client-address.js';
import { parseBody, parseQuery } from '../../validate.js';
import { requireSameOrigin } from '../auth/same-origin.js';
import { attachmentDisposition } from '../documents/content-disposition.js';
import { registerRoute } from '../openapi/route-spec.js';
import { declineBody, emptyBody, otpVerifyBody, signBody } from './signer-api-schemas.js';
import { setSignerCookie, signerCookieOf } from './signer-cookie.js';
import { signerApiSpecs as specs } from './signer-api-specs.js';

const OIDC_STATE_COOKIE = 'segl_signer_oidc';
const callbackQuery = z.looseObject({ state: z.string().max(500).optional(), code: z.string().max(4000).optional(), error: z.string().max(200).optional() });

function tokenOf(ctx: Context): string {
  const token = (ctx.params as Record<string, string>).token ?? '';
  if (!SIGNING_TOKEN_SHAPE.test(token)) throw new SeglError({ code: 'signing_link_invalid', message: 'this signing link is not valid' });
  return token;
}

/**
 * The signer's API under /api/v1/signing: the link token is the only credential until the signer proves who they
 * are (e-mailed code or identity provider), which starts a short session cookie scoped to this link's path.
 */
export function signerApiRoutes(deps: AppDependencies): Router {
  const router = new Router();
  const { services: flow, config } = deps;
  const clients = createSignerOidcClients({ flow, kek: deps.kek });
  // keyed per address, and per /64 for IPv6 (one client usually holds the whole prefix)
  const byClient = (ctx: Context) => throttleKey(ctx.ip);
  const perIp = rateLimit({ limiter: createRateLimiter({ limit: config.signingRateLimit, windowMs: 60_000 }), key: byClient });
  const otpPerIp = rateLimit({ limiter: createRateLimiter({ limit: 30, windowMs: 10 * 60_000 }), key: byClient });
  const sameOrigin = requireSameOrigin({ publicUrl: config.publicUrl });
  const client = (ctx: Context) => ({ ip: ctx.ip, userAgent: ctx.get('User-Agent') || null });
  const noStore = async (ctx: Context, next: () => Promise<unknown>) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    await next();
  };
  const common = [retryAfterFromErrors(), perIp, noStore];

  registerRoute(router, specs.getSigning, ...common, async (ctx) => {
    ctx.body = await viewSigning({ flow, token: tokenOf(ctx), sessionToken: signerCookieOf(ctx), ...client(ctx) });
  });

  const sendPdf = (version: 'original' | 'final') => async (ctx: Context) => {
    const pdf = await openSignerPdf({ flow, token: tokenOf(ctx), sessionToken: signerCookieOf(ctx), version, ...client(ctx) });
    if (version === 'final') ctx.set('Content-Disposition', attachmentDisposition(pdf.title));
    else ctx.set('Content-Disposition', 'inline');
    ctx.set('Content-Length', String(pdf.sizeBytes));
    ctx.set('Digest', `sha-256=${Buffer.from(pdf.sha256, 'hex').toString('base64')}`);
    pdf.stream.on('error', (error) => ctx.state.log?.error({ err: error }, 'decryption failed while streaming'));
    ctx.type = 'application/pdf';
    ctx.body = pdf.stream;
  };
  registerRoute(router, specs.getSigningPdf, ...common, sendPdf('original'));
  registerRoute(router, specs.getSignedPdf, ...common, sendPdf('final'));

  registerRoute(router, specs.requestOtp, ...common, otpPerIp, sameOrigin, async (ctx) => {
    await parseBody(ctx, emptyBody);
    ctx.status = 202;
    ctx.body = await requestSignerOtp({ flow, token: tokenOf(ctx), ...client(ctx) });
  });
  registerRoute(router, specs.verifyOtp, ...common, otpPerIp, sameOrigin, async (ctx) => {
    const body = await parseBody(ctx, otpVerifyBody);
    const token = tokenOf(ctx);
    const session = await verifySignerOtp({ flow, token, code: body.code, ...client(ctx) });
    setSignerCookie(ctx, { publicUrl: config.publicUrl, token, sessionToken: session.sessionToken, expiresAt: session.expiresAt });
    ctx.body = { authenticated: true };
  });

  registerRoute(router, specs.startOidc, ...common, async (ctx) => {
    const token = tokenOf(ctx);
    const start = await startSignerOidc({ flow, clients, token });
    const secure = config.publicUrl.startsWith('https:');
    if (secure) ctx.cookies.secure = true;
    ctx.cookies.set(OIDC_STATE_COOKIE, start.stateCookie, { httpOnly: true, sameSite: 'lax', secure, path: `/api/v1/signing/oidc/${start.provider}`, maxAge: SSO_STATE_TTL_MS, overwrite: true });
    ctx.redirect(start.url);
  });
  registerRoute(router, specs.oidcCallback, ...common, async (ctx) => {
    const provider = String((ctx.params as Record<string, string>).provider ?? '');
    if (!/^[a-z0-9]{1,40}$/.test(provider)) throw new SeglError({ code: 'not_found', message: 'not found' });
    const query = parseQuery(ctx, callbackQuery);
    const stateCookie = ctx.cookies.get(OIDC_STATE_COOKIE) || undefined;
    const secure = config.publicUrl.startsWith('https:');
    if (secure) ctx.cookies.secure = true;
    ctx.cookies.set(OIDC_STATE_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: `/api/v1/signing/oidc/${provider}`, expires: new Date(0), overwrite: true });
    if (query.error || !query.code || !query.state) {
      throw new SeglError({ code: 'sso_failed', message: query.error ? `the identity provider refused the sign-in (${query.error})` : 'the identity provider sent no code' });
    }
    try {
      const done = await finishSignerOidc({ flow, clients, kek: deps.kek, providerKey: provider, query: ctx.search, stateCookie, ...client(ctx) });
      setSignerCookie(ctx, { publicUrl: config.publicUrl, token: done.token, sessionToken: done.sessionToken, expiresAt: done.expiresAt });
      ctx.redirect(`/s/${done.token}`);
    } catch (error) {
      const token = isSeglError(error) ? error.details?.token : undefined;
      if (typeof token !== 'string' || !SIGNING_TOKEN_SHAPE.test(token)) throw error;
      ctx.redirect(`/s/${token}?auth=failed&reason=${encodeURIComponent((error as SeglError).code)}`);
    }
  });

  registerRoute(router, specs.sign, ...common, sameOrigin, async (ctx) => {
    const body = await parseBody(ctx, signBody);
    ctx.body = await signAsSigner({ flow, token: tokenOf(ctx), sessionToken: signerCookieOf(ctx), consent: true, sha256: body.sha256, language: body.language, ...client(ctx) });
  });
  registerRoute(router, specs.decline, ...common, sameOrigin, async (ctx) => {
    const body = await parseBody(ctx, declineBody);
    ctx.body = await declineAsSigner({ flow, token: tokenOf(ctx), sessionToken: signerCookieOf(ctx), reason: body.reason, ...client(ctx) });
  });
  return router;
}
