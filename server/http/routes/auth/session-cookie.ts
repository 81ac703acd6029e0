import type { Context } from 'koa';
import { SESSION_COOKIE } from '../../../domain/auth/authenticate-request.js';

/** The staff session cookie: HttpOnly, SameSite=Strict, Path=/, Secure when the public URL is https. */
export function setSessionCookie(ctx: Context, options: { publicUrl: string; token: string; expiresAt: Date }): void {
  const secure = options.publicUrl.startsWith('https:');
  // behind a TLS-terminating proxy the hop to us is plain http; the public URL decides
  if (secure) ctx.cookies.secure = true;
  ctx.cookies.set(SESSION_COOKIE, options.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    expires: options.expiresAt,
    overwrite: true,
  });
}

export function clearSessionCookie(ctx: Context, options: { publicUrl: string }): void {
  const secure = options.publicUrl.startsWith('https:');
  if (secure) ctx.cookies.secure = true;
  ctx.cookies.set(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    expires: new Date(0),
    overwrite: true,
  });
}

export function sessionCookieOf(ctx: Context): string | undefined {
  return ctx.cookies.get(SESSION_COOKIE) || undefined;
}
