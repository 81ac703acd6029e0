import type { Middleware } from 'koa';

/** Answers that carry a signer's or a sign-in's state: never stored by a browser or a shared cache. */
const PRIVATE_PATHS = /^\/+(?:s|setup|enrol)\/|^\/+api\/+v1\/+(?:signing|auth|setup|enrol)(?:\/|$)/i;

/** One year: browsers keep to https for the appliance's host (not its subdomains, which may be someone else's). */
export const HSTS_VALUE = 'max-age=31536000';

/**
 * Strict defaults for every answer; pages that need more set their own policy. HSTS when the public URL is https
 * (behind a TLS-terminating proxy the hop to us is plain http: the public URL decides). `Cache-Control: no-store`
 * on every authenticated answer and on signer and sign-in pages and APIs, errors included.
 */
export function securityHeaders(options: { publicUrl: string }): Middleware {
  const https = new URL(options.publicUrl).protocol === 'https:';
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    ctx.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    if (https) ctx.set('Strict-Transport-Security', HSTS_VALUE);
    try {
      await next();
    } finally {
      if (ctx.state.principal || PRIVATE_PATHS.test(ctx.path)) ctx.set('Cache-Control', 'no-store');
    }
  };
}
