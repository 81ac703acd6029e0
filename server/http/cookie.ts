import type { Context } from 'koa';

export interface CookieOptions {
  /** Secure follows the public URL: behind a TLS-terminating proxy the hop to us is plain http. */
  publicUrl: string;
  name: string;
  sameSite: 'strict' | 'lax';
  path: string;
}

/** Sets one of the appliance's cookies: always HttpOnly, never readable by scripts. */
export function setCookie(
  ctx: Context,
  options: CookieOptions & { value: string } & ({ expires: Date } | { maxAgeMs: number }),
): void {
  const secure = options.publicUrl.startsWith('https:');
  if (secure) ctx.cookies.secure = true;
  const lifetime = 'expires' in options ? { expires: options.expires } : { maxAge: options.maxAgeMs };
  const { sameSite, path } = options;
  ctx.cookies.set(options.name, options.value, {
    httpOnly: true,
    sameSite,
    secure,
    path,
    ...lifetime,
    overwrite: true,
  });
}

/** Tells the browser to drop a cookie set with the same name and path. */
export function clearCookie(ctx: Context, options: CookieOptions): void {
  setCookie(ctx, { ...options, value: '', expires: new Date(0) });
}
