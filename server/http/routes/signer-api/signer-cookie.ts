import type { Context } from 'koa';

export const SIGNER_COOKIE = 'segl_signer';

/** The signer session lives only under this link's API path, so one browser can hold sessions for several links. */
export function signerCookiePath(token: string): string {
  return `/api/v1/signing/${token}`;
}

export function setSignerCookie(
  ctx: Context,
  options: { publicUrl: string; token: string; sessionToken: string; expiresAt: Date },
): void {
  const secure = options.publicUrl.startsWith('https:');
  if (secure) ctx.cookies.secure = true;
  ctx.cookies.set(SIGNER_COOKIE, options.sessionToken, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: signerCookiePath(options.token),
    expires: options.expiresAt,
    overwrite: true,
  });
}

export function signerCookieOf(ctx: Context): string | undefined {
  return ctx.cookies.get(SIGNER_COOKIE) || undefined;
}
