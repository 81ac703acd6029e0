import type { Context } from 'koa';
import { SESSION_COOKIE } from '../../../domain/auth/authenticate-request.js';
import { clearCookie, setCookie } from '../../cookie.js';

const session = { name: SESSION_COOKIE, sameSite: 'strict', path: '/' } as const;

/** The staff session cookie: HttpOnly, SameSite=Strict, Path=/, Secure when the public URL is https. */
export function setSessionCookie(ctx: Context, options: { publicUrl: string; token: string; expiresAt: Date }): void {
  setCookie(ctx, { ...session, publicUrl: options.publicUrl, value: options.token, expires: options.expiresAt });
}

export function clearSessionCookie(ctx: Context, options: { publicUrl: string }): void {
  clearCookie(ctx, { ...session, publicUrl: options.publicUrl });
}

export function sessionCookieOf(ctx: Context): string | undefined {
  return ctx.cookies.get(SESSION_COOKIE) || undefined;
}
