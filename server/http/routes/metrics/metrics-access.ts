import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { Context } from 'koa';
import { SeglError } from '../../../lib/errors.js';
import { createRateLimiter } from '../../middleware/rate-limit.js';
import { throttleKey } from '../../middleware/client-address.js';

function networkList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [raw, bits] = entry.split('/');
    const address = (raw ?? '').replace(/^\[|\]$/g, '');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits !== undefined) list.addSubnet(address, Number(bits), type);
    else list.addAddress(address, type);
  }
  return list;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Who may read /metrics: a bearer token equal to SEGL_METRICS_TOKEN (compared in constant time), or a client
 * address inside SEGL_METRICS_ALLOW (the address clientAddress() derived: X-Forwarded-For only from trusted proxies).
 * Neither configured: /metrics does not exist (404). Wrong tokens are throttled per client.
 */
export function createMetricsAccess(options: { token?: string; allow: readonly string[] }): (ctx: Context) => void {
  const allowed = networkList(options.allow);
  const expected = options.token ? digest(options.token) : undefined;
  const failures = createRateLimiter({ limit: 10, windowMs: 60_000 });
  return (ctx) => {
    if (!expected && !options.allow.length)
      throw new SeglError({
        code: 'not_found',
        message: 'metrics are off: set SEGL_METRICS_TOKEN or SEGL_METRICS_ALLOW',
      });
    const key = throttleKey(ctx.ip);
    const throttled = failures.blocked(key);
    if (throttled.blocked) {
      ctx.set('Retry-After', String(throttled.retryAfterSeconds));
      throw new SeglError({
        code: 'rate_limited',
        message: 'too many failed attempts; try again later',
      });
    }
    const header = ctx.get('Authorization');
    const bearer = /^Bearer (\S+)$/.exec(header)?.[1];
    if (expected && bearer !== undefined && timingSafeEqual(digest(bearer), expected)) return;
    const family = isIP(ctx.ip);
    if (!bearer && family && allowed.check(ctx.ip, family === 6 ? 'ipv6' : 'ipv4')) return;
    failures.hit(key);
    if (expected) {
      ctx.set('WWW-Authenticate', 'Bearer realm="segl-metrics"');
      throw new SeglError({
        code: 'unauthorized',
        message: 'a valid metrics token is required',
      });
    }
    throw new SeglError({
      code: 'forbidden',
      message: 'metrics are not served to this address',
    });
  };
}
