import type { Context, Middleware } from 'koa';
import { SeglError, isSeglError } from '../../lib/errors.js';

/**
 * A small in-memory fixed-window limiter per key (an IP address, an account, a link): at most `limit` hits per
 * `windowMs`. Per process: behind several nodes each counts on its own, which only makes the limit looser.
 */
export interface RateLimiter {
  /** Counts one hit; `allowed` is false once the key is over its limit in the current window. */
  hit(key: string): { allowed: boolean; retryAfterSeconds: number };
  /** Whether the key is over its limit, without counting. */
  blocked(key: string): { blocked: boolean; retryAfterSeconds: number };
  reset(key: string): void;
}

export function createRateLimiter(options: {
  limit: number;
  windowMs: number;
  now?: () => number;
  maxKeys?: number;
}): RateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const windows = new Map<string, { count: number; resetAt: number }>();
  const current = (key: string) => {
    const at = now();
    let entry = windows.get(key);
    if (!entry || entry.resetAt <= at) {
      if (!entry && windows.size >= maxKeys) {
        for (const [k, v] of windows) if (v.resetAt <= at) windows.delete(k);
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
      }
      entry = { count: 0, resetAt: at + options.windowMs };
      windows.set(key, entry);
    }
    return { entry, retryAfterSeconds: Math.max(1, Math.ceil((entry.resetAt - at) / 1000)) };
  };
  return {
    hit(key) {
      const { entry, retryAfterSeconds } = current(key);
      entry.count += 1;
      return { allowed: entry.count <= options.limit, retryAfterSeconds };
    },
    blocked(key) {
      const { entry, retryAfterSeconds } = current(key);
      return { blocked: entry.count >= options.limit, retryAfterSeconds };
    },
    reset(key) {
      windows.delete(key);
    },
  };
}

/** 429 `rate_limited` with Retry-After. */
export function throwRateLimited(
  ctx: Context,
  retryAfterSeconds: number,
  message = 'too many requests; try again later',
): never {
  ctx.set('Retry-After', String(retryAfterSeconds));
  throw new SeglError({ code: 'rate_limited', message, details: { retryAfterSeconds } });
}

/** Counts every request under `key(ctx)` (default: the client IP) and refuses the ones over the limit. */
export function rateLimit(options: { limiter: RateLimiter; key?: (ctx: Context) => string }): Middleware {
  return async (ctx, next) => {
    const result = options.limiter.hit(options.key ? options.key(ctx) : ctx.ip);
    if (!result.allowed) throwRateLimited(ctx, result.retryAfterSeconds);
    await next();
  };
}

/** Turns a `rate_limited` error thrown further in (e.g. by a domain lockout) into a Retry-After header. */
export function retryAfterFromErrors(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const seconds = isSeglError(error) ? error.details?.retryAfterSeconds : undefined;
      if (isSeglError(error) && error.status === 429 && typeof seconds === 'number')
        ctx.set('Retry-After', String(seconds));
      throw error;
    }
  };
}
