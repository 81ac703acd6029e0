import { resolve } from 'node:path';
import { SeglError } from './errors.js';

/** Everything the appliance reads from its environment, parsed and checked once. The only reader of process.env. */
export interface Config {
  dataDir: string;
  port: number;
  publicUrl: string;
  databaseUrl?: string;
  smtpUrl?: string;
  /** External RFC 3161 TSAs in the order to try; empty means the built-in TSA. */
  tsaUrls: string[];
  trustedProxies: string[];
  kek?: string;
  /** The KEK to rotate to, for `segl keys rotate` when SEGL_KEK comes from the environment. */
  kekNext?: string;
  portalRateLimit: number;
  logLevel: string;
  /** OpenID Connect single sign-on for staff; undefined when not configured. */
  sso?: SsoConfig;
}

export interface SsoConfig {
  /** `SEGL_SSO_ISSUER`: the provider's issuer URL (discovery at /.well-known/openid-configuration). */
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** What the login page calls it (`SEGL_SSO_NAME`, default "Single sign-on"). */
  name: string;
  /** `SEGL_SSO_ALLOW_PRIVATE_NETWORK=true`: allow a provider on loopback or private addresses (tests, labs). */
  allowPrivateNetwork: boolean;
}

function configError(message: string): SeglError {
  return new SeglError({ code: 'invalid_config', message, status: 400 });
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw configError(`PORT must be a port number, not "${value}"`);
  return port;
}

function parseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(`${name} is not a URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw configError(`${name} must be an http(s) URL`);
  return url.toString().replace(/\/$/, '');
}

function parseSso(env: NodeJS.ProcessEnv): SsoConfig | undefined {
  if (!env.SEGL_SSO_ISSUER) return undefined;
  if (!env.SEGL_SSO_CLIENT_ID) throw configError('SEGL_SSO_CLIENT_ID is required with SEGL_SSO_ISSUER');
  const allow = (env.SEGL_SSO_ALLOW_PRIVATE_NETWORK ?? '').toLowerCase();
  if (allow && !['true', 'false', '1', '0'].includes(allow)) throw configError('SEGL_SSO_ALLOW_PRIVATE_NETWORK must be true or false');
  // checked, but kept exactly as given: the ID token's `iss` must equal it (some issuers end with a slash)
  const issuer = env.SEGL_SSO_ISSUER.trim();
  parseUrl('SEGL_SSO_ISSUER', issuer);
  return {
    issuer,
    clientId: env.SEGL_SSO_CLIENT_ID,
    clientSecret: env.SEGL_SSO_CLIENT_SECRET || undefined,
    name: env.SEGL_SSO_NAME || 'Single sign-on',
    allowPrivateNetwork: allow === 'true' || allow === '1',
  };
}

export function loadConfig(options: { env?: NodeJS.ProcessEnv; dataDir?: string } = {}): Config {
  const env = options.env ?? process.env;
  const port = parsePort(env.PORT);
  const tsaUrls = (env.SEGL_TSA_URLS ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((url) => parseUrl('SEGL_TSA_URLS', url));
  const rate = env.SEGL_PORTAL_RATE_LIMIT ? Number(env.SEGL_PORTAL_RATE_LIMIT) : 60;
  if (!Number.isInteger(rate) || rate < 1) throw configError('SEGL_PORTAL_RATE_LIMIT must be a positive whole number');
  return {
    dataDir: resolve(options.dataDir ?? env.SEGL_DATA_DIR ?? './data'),
    port,
    publicUrl: env.SEGL_PUBLIC_URL ? parseUrl('SEGL_PUBLIC_URL', env.SEGL_PUBLIC_URL) : `http://localhost:${port}`,
    databaseUrl: env.DATABASE_URL || undefined,
    smtpUrl: env.SEGL_SMTP_URL || undefined,
    tsaUrls,
    trustedProxies: (env.SEGL_TRUSTED_PROXIES ?? '').split(/[\s,]+/).filter(Boolean),
    kek: env.SEGL_KEK || undefined,
    kekNext: env.SEGL_KEK_NEXT || undefined,
    portalRateLimit: rate,
    logLevel: env.SEGL_LOG_LEVEL ?? env.LOG_LEVEL ?? 'info',
    sso: parseSso(env),
  };
}
