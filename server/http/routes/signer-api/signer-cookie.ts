import type { Context } from 'koa';
import { setCookie } from '../../cookie.js';

export const SIGNER_COOKIE = 'segl_signer';

/** The signer session lives only under this link's API path, so one browser can hold sessions for several links. */
export function signerCookiePath(token: string): string {
  return `/api/v1/signing/${token}`;
}

export function setSignerCookie(
  ctx: Context,
  options: { publicUrl: string; token: string; sessionToken: string; expiresAt: Date },
): void {
  setCookie(ctx, {
    publicUrl: options.publicUrl,
    name: SIGNER_COOKIE,
    sameSite: 'lax',
    path: signerCookiePath(options.token),
    value: options.sessionToken,
    expires: options.expiresAt,
  });
}

export function signerCookieOf(ctx: Context): string | undefined {
  return ctx.cookies.get(SIGNER_COOKIE) || undefined;
}
