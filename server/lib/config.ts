import { availableParallelism } from 'node:os';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import cron from 'node-cron';
import { SeglError } from './errors.js';
import { parseUrl } from './parse-url.js';

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
  /** Identity providers signers may prove who they are with (`authMethod: "oidc:<key>"`), by key. */
  signerProviders: Record<string, SignerProviderConfig>;
  /** `SEGL_MAIL_FROM`: the From of invitations and codes (default `Segl <segl@localhost>`). */
  mailFrom?: string;
  /** `SEGL_WEBHOOK_ALLOW_PRIVATE_NETWORK=true`: webhooks may target loopback and private addresses. */
  webhookAllowPrivateNetwork: boolean;
  /** `SEGL_RETENTION_DAYS`: days documents are kept after they end where no folder sets a period; null keeps them. */
  retentionDays: number | null;
  /**
   * `SEGL_RETENTION_SCHEDULE`: when the appliance runs retention (cron, server time; default 02:30 daily), or null
   * (`off`).
   */
  retentionSchedule: string | null;
  /** `SEGL_TSA_ALLOW_PRIVATE_NETWORK=true`: external TSAs (`SEGL_TSA_URLS`) may be on loopback or private addresses. */
  tsaAllowPrivateNetwork: boolean;
  /** `SEGL_REVOCATION_ALLOW_PRIVATE_NETWORK=true`: OCSP/CRL URLs of external certificates may be internal addresses. */
  revocationAllowPrivateNetwork: boolean;
  /** `SEGL_TSA_PUBLIC=on`: anyone may use `/tsa` (rate-limited); off (default): authenticated staff and tokens only. */
  tsaPublic: boolean;
  /**
   * `SEGL_CHECK_RESPONSES=on` (development and tests): every JSON answer is checked against the schema its route
   * contract declares, so the OpenAPI document and the portal's generated types cannot drift from what is sent.
   */
  checkResponses: boolean;
  /** `SEGL_TSA_RATE_LIMIT`: time-stamp requests a minute per client network (default 60). */
  tsaRateLimit: number;
  /** `SEGL_PKI_RATE_LIMIT`: OCSP and CRL requests a minute per client network (default 600). */
  pkiRateLimit: number;
  /** `SEGL_SIGNING_RATE_LIMIT`: signer API requests a minute per client network (default 300). */
  signingRateLimit: number;
  /** `SEGL_METRICS_TOKEN`: a bearer token that may read /metrics (at least 16 characters). */
  metricsToken?: string;
  /** `SEGL_METRICS_ALLOW`: addresses or CIDR ranges that may read /metrics without a token. */
  metricsAllow: string[];
  /** `SEGL_BACKUP_SCHEDULE`: when the appliance takes a backup (cron, server time), or null (default: off). */
  backupSchedule: string | null;
  /** `SEGL_BACKUP_DIR`: where scheduled backups go (default DATA/backups; better another disk). */
  backupDir: string;
  /** `SEGL_BACKUP_KEEP`: how many scheduled backups are kept (default 7); older ones are deleted. */
  backupKeep: number;
  /** `SEGL_VERIFY_WORKERS`: threads that verify uploaded files (default: the CPU count, 1 to 4). */
  verifyWorkers: number;
  /** `SEGL_VERIFY_TIMEOUT_MS`: time one file's verification may take (default 10000). */
  verifyTimeoutMs: number;
  /** `SEGL_VERIFY_QUEUE`: files that may wait for a verification thread, uploads still arriving counted; 503 beyond. */
  verifyQueue: number;
  /**
   * `SEGL_STAMP_LAYOUT`: `shrink` (default) scales each page's content to make room for the band, so pages keep their
   * size; `extend` adds the band below.
   */
  stampLayout: 'shrink' | 'extend';
  /**
   * `SEGL_TIME_ZONE` (IANA, default Europe/Oslo): times on the stamp, the audit pages and in e-mails, with the UTC
   * offset shown.
   */
  timeZone: string;
  /**
   * `SEGL_MAIL_ATTACHMENT_MAX_BYTES` (default 10 MB, 0: never): the signed PDF is attached to completion e-mails up to
   * this size.
   */
  mailAttachmentMaxBytes: number;
  /** `SEGL_HOST`: the address to listen on; undefined listens on every interface. */
  host?: string;
  /** `SEGL_NODE_ID`: this node's identity across restarts, for job leases (default host name and port). */
  nodeId?: string;
  /** `SEGL_MIN_FREE_BYTES`: below this much free space in the data directory, uploads are refused (default 1 GiB). */
  minFreeBytes: number;
  /** `SEGL_PKCS11_*`: seal with a key in a PKCS#11 token (HSM) instead of a file key; undefined when not configured. */
  pkcs11?: Pkcs11Config;
  /** `SEGL_SEAL_CHAIN_FILE`: PEM with the seal certificate's issuers (and the certificate, when the token has none). */
  sealChainFile?: string;
  /** `SEGL_TRUST_LIST_FILES`: ETSI TS 119 612 trusted lists (XML) whose services are trusted when verifying. */
  trustListFiles: string[];
  /** `SEGL_LTA_SCHEDULE`: when the archive's long-term evidence is renewed (cron; default 03:15 daily), or null. */
  ltaSchedule: string | null;
  /**
   * `SEGL_LTA_HORIZON_DAYS`: renew when the newest archive timestamp's TSA certificate expires within this many days.
   */
  ltaHorizonDays: number;
  /**
   * `SEGL_LTA_RETIRED_ALGORITHMS`: algorithms no longer trusted (e.g. `sha1,rsa-2048`): timestamps using them are
   * renewed.
   */
  ltaRetiredAlgorithms: string[];
}

export interface Pkcs11Config {
  /** `SEGL_PKCS11_MODULE`: path of the PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  modulePath: string;
  tokenLabel: string;
  keyLabel: string;
  /** `SEGL_PKCS11_PIN`, or undefined when `pinFile` holds it. */
  pin?: string;
  /** `SEGL_PKCS11_PIN_FILE`: a file whose first line is the PIN. */
  pinFile?: string;
}

/**
 * A signer identity provider, from `SEGL_OIDC_<KEY>_ISSUER`, `_CLIENT_ID`, `_CLIENT_SECRET`, `_LABEL`, `_SCOPE`,
 * `_NATIONAL_ID_CLAIM`, `_ACR`, `_LEVEL`, `_ALLOW_PRIVATE_NETWORK` (e.g. a BankID broker as `SEGL_OIDC_BANKID_ISSUER`).
 */
export interface SignerProviderConfig extends SsoConfig {
  key: string;
  scope: string;
  /** The ID token or userinfo claim that carries the national identity number, if the provider sends one. */
  nationalIdClaim: string;
  /** `_ACR`: authentication context classes to ask for (acr_values) and to require in the ID token's `acr`. */
  acrValues: string[];
  /** `_LEVEL` (default strong): how a login here is recorded and stamped; `simple` for providers without eID. */
  level: 'strong' | 'simple';
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
  return new SeglError({ code: 'invalid_config', message });
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw configError(`PORT must be a port number, not "${value}"`);
  return port;
}

function parseHttpUrl(name: string, value: string): string {
  const url = parseUrl(value);
  if (!url) throw configError(`${name} is not a URL: "${value}"`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw configError(`${name} must be an http(s) URL`);
  return url.toString().replace(/\/$/, '');
}

function parseFlag(name: string, value: string | undefined): boolean {
  const flag = (value ?? '').toLowerCase();
  if (flag && !['true', 'false', '1', '0'].includes(flag)) throw configError(`${name} must be true or false`);
  return flag === 'true' || flag === '1';
}

function parseSignerProviders(env: NodeJS.ProcessEnv): Record<string, SignerProviderConfig> {
  const providers: Record<string, SignerProviderConfig> = {};
  for (const name of Object.keys(env).sort()) {
    const match = /^SEGL_OIDC_([A-Z0-9]+)_ISSUER$/.exec(name);
    if (!match || !env[name]) continue;
    const prefix = `SEGL_OIDC_${match[1]}_`;
    const issuer = env[name]!.trim();
    parseHttpUrl(name, issuer);
    const clientId = env[`${prefix}CLIENT_ID`];
    if (!clientId) throw configError(`${prefix}CLIENT_ID is required with ${name}`);
    const key = match[1]!.toLowerCase();
    const level = (env[`${prefix}LEVEL`] || 'strong').toLowerCase();
    if (level !== 'strong' && level !== 'simple') throw configError(`${prefix}LEVEL must be strong or simple`);
    providers[key] = {
      key,
      issuer,
      clientId,
      clientSecret: env[`${prefix}CLIENT_SECRET`] || undefined,
      name: env[`${prefix}LABEL`] || key,
      scope: env[`${prefix}SCOPE`] || 'openid profile',
      nationalIdClaim: env[`${prefix}NATIONAL_ID_CLAIM`] || 'nin',
      acrValues: (env[`${prefix}ACR`] ?? '').split(/[\s,]+/).filter(Boolean),
      level,
      allowPrivateNetwork: parseFlag(`${prefix}ALLOW_PRIVATE_NETWORK`, env[`${prefix}ALLOW_PRIVATE_NETWORK`]),
    };
  }
  return providers;
}

function parseSso(env: NodeJS.ProcessEnv): SsoConfig | undefined {
  if (!env.SEGL_SSO_ISSUER) return undefined;
  if (!env.SEGL_SSO_CLIENT_ID) throw configError('SEGL_SSO_CLIENT_ID is required with SEGL_SSO_ISSUER');
  const allow = (env.SEGL_SSO_ALLOW_PRIVATE_NETWORK ?? '').toLowerCase();
  if (allow && !['true', 'false', '1', '0'].includes(allow))
    throw configError('SEGL_SSO_ALLOW_PRIVATE_NETWORK must be true or false');
  // checked, but kept exactly as given: the ID token's `iss` must equal it (some issuers end with a slash)
  const issuer = env.SEGL_SSO_ISSUER.trim();
  parseHttpUrl('SEGL_SSO_ISSUER', issuer);
  return {
    issuer,
    clientId: env.SEGL_SSO_CLIENT_ID,
    clientSecret: env.SEGL_SSO_CLIENT_SECRET || undefined,
    name: env.SEGL_SSO_NAME || 'Single sign-on',
    allowPrivateNetwork: allow === 'true' || allow === '1',
  };
}

/** The longest retention period accepted (about 100 years), here and on folders. */
export const MAX_RETENTION_DAYS = 36_500;

function parseRetentionDays(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const days = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    throw configError(
      `SEGL_RETENTION_DAYS must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, not "${value}"`,
    );
  }
  return days;
}

/** A node-cron expression (minute hour day month weekday, optionally seconds first); `off` turns retention runs off. */
function parseRetentionSchedule(value: string | undefined): string | null {
  const schedule = (value ?? '').trim();
  if (!schedule) return '30 2 * * *';
  if (schedule.toLowerCase() === 'off') return null;
  if (!cron.validate(schedule))
    throw configError(`SEGL_RETENTION_SCHEDULE must be a cron expression (e.g. "30 2 * * *") or "off", not "${value}"`);
  return schedule;
}

function parseOnOff(name: string, value: string | undefined): boolean {
  const flag = (value ?? '').trim().toLowerCase();
  if (flag && !['on', 'off', 'true', 'false', '1', '0'].includes(flag)) throw configError(`${name} must be on or off`);
  return flag === 'on' || flag === 'true' || flag === '1';
}

function parsePerMinute(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const limit = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(limit) || limit < 1)
    throw configError(`${name} must be a positive whole number`);
  return limit;
}

function parseMetricsToken(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < 16 || /\s/.test(value))
    throw configError('SEGL_METRICS_TOKEN must be at least 16 characters without spaces');
  return value;
}

function parseNetworks(name: string, value: string | undefined): string[] {
  const entries = (value ?? '').split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP((address ?? '').replace(/^\[|\]$/g, ''));
    const maxBits = family === 6 ? 128 : 32;
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !validBits || extra !== undefined)
      throw configError(`${name} must list IP addresses or CIDR ranges (e.g. 10.0.0.0/8), not "${entry}"`);
  }
  return entries;
}

function parseBackupSchedule(value: string | undefined): string | null {
  const schedule = (value ?? '').trim();
  if (!schedule || schedule.toLowerCase() === 'off') return null;
  if (!cron.validate(schedule))
    throw configError(`SEGL_BACKUP_SCHEDULE must be a cron expression (e.g. "15 1 * * *") or "off", not "${value}"`);
  return schedule;
}

function parseBackupKeep(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 7;
  const keep = Number(value);
  if (!/^\d+$/.test(value.trim()) || keep < 1 || keep > 1000)
    throw configError(`SEGL_BACKUP_KEEP must be a whole number from 1 to 1000, not "${value}"`);
  return keep;
}

function parseBounded(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const number = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || number < min || number > max)
    throw configError(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return number;
}

function parseStampLayout(value: string | undefined): 'shrink' | 'extend' {
  const layout = (value ?? '').trim().toLowerCase() || 'shrink';
  if (layout !== 'shrink' && layout !== 'extend')
    throw configError(`SEGL_STAMP_LAYOUT must be shrink or extend, not "${value}"`);
  return layout;
}

function parseTimeZone(value: string | undefined): string {
  const zone = (value ?? '').trim() || 'Europe/Oslo';
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw configError(`SEGL_TIME_ZONE must be an IANA time zone such as Europe/Oslo or UTC, not "${value}"`);
  }
}

function parseByteSize(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const bytes = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(bytes))
    throw configError(`${name} must be a whole number of bytes, not "${value}"`);
  return bytes;
}

/** `SEGL_HOST`: an IPv4 or IPv6 address or a host name; blank means every interface. */
function parseHost(value: string | undefined): string | undefined {
  const host = (value ?? '').trim();
  if (!host) return undefined;
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host) && !/^\[[0-9A-Fa-f:.]+\]$/.test(host)) {
    throw configError(`SEGL_HOST must be an address such as 127.0.0.1 or ::1, not "${value}"`);
  }
  return host.replace(/^\[(.*)\]$/, '$1');
}

function parseNodeId(value: string | undefined): string | undefined {
  const id = (value ?? '').trim();
  if (!id) return undefined;
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(id)) {
    throw configError('SEGL_NODE_ID must be 1 to 40 letters, digits, dots, hyphens or underscores');
  }
  return id;
}

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/** A byte count: `1073741824`, `500MB`, `1 GiB` (binary units); 0 turns the floor off. Default 1 GiB. */
function parseMinFreeBytes(value: string | undefined): number {
  const text = (value ?? '').trim().toLowerCase();
  if (!text) return 1024 ** 3;
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(text);
  const unit = match ? BYTE_UNITS[match[2]!] : undefined;
  const bytes = match && unit ? Math.floor(Number(match[1]) * unit) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    throw configError(`SEGL_MIN_FREE_BYTES must be a size such as 1073741824, 500MB or 1GB, not "${value}"`);
  }
  return bytes;
}

function parsePkcs11(env: NodeJS.ProcessEnv): Pkcs11Config | undefined {
  const modulePath = env.SEGL_PKCS11_MODULE?.trim();
  if (!modulePath) return undefined;
  const tokenLabel = env.SEGL_PKCS11_TOKEN_LABEL;
  const keyLabel = env.SEGL_PKCS11_KEY_LABEL;
  if (!tokenLabel) throw configError('SEGL_PKCS11_TOKEN_LABEL is required with SEGL_PKCS11_MODULE');
  if (!keyLabel) throw configError('SEGL_PKCS11_KEY_LABEL is required with SEGL_PKCS11_MODULE');
  const pin = env.SEGL_PKCS11_PIN || undefined;
  const pinFile = env.SEGL_PKCS11_PIN_FILE ? resolve(env.SEGL_PKCS11_PIN_FILE) : undefined;
  if (!pin && !pinFile)
    throw configError('SEGL_PKCS11_PIN or SEGL_PKCS11_PIN_FILE is required with SEGL_PKCS11_MODULE');
  if (pin && pinFile) throw configError('Set only one of SEGL_PKCS11_PIN and SEGL_PKCS11_PIN_FILE');
  return { modulePath, tokenLabel, keyLabel, pin, pinFile };
}

/** Names accepted in SEGL_LTA_RETIRED_ALGORITHMS: digests, and key sizes up to which a key counts as retired. */
export const RETIRABLE_ALGORITHMS = [
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'rsa-1024',
  'rsa-2048',
  'rsa-3072',
  'ec-256',
  'ec-384',
];

function parseLta(env: NodeJS.ProcessEnv): Pick<Config, 'ltaSchedule' | 'ltaHorizonDays' | 'ltaRetiredAlgorithms'> {
  const schedule = (env.SEGL_LTA_SCHEDULE ?? '').trim();
  if (schedule && schedule.toLowerCase() !== 'off' && !cron.validate(schedule)) {
    throw configError(`SEGL_LTA_SCHEDULE must be a cron expression (e.g. "15 3 * * *") or "off", not "${schedule}"`);
  }
  const horizonText = (env.SEGL_LTA_HORIZON_DAYS ?? '').trim();
  const horizon = horizonText ? Number(horizonText) : 365;
  if (!/^\d*$/.test(horizonText) || !Number.isSafeInteger(horizon) || horizon < 1 || horizon > 3650) {
    throw configError(`SEGL_LTA_HORIZON_DAYS must be a whole number of days from 1 to 3650, not "${horizonText}"`);
  }
  const retired = (env.SEGL_LTA_RETIRED_ALGORITHMS ?? '')
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  const unknown = retired.filter((name) => !RETIRABLE_ALGORITHMS.includes(name));
  if (unknown.length)
    throw configError(
      `SEGL_LTA_RETIRED_ALGORITHMS: unknown ${unknown.join(', ')} (known: ${RETIRABLE_ALGORITHMS.join(', ')})`,
    );
  return {
    ltaSchedule: !schedule ? '15 3 * * *' : schedule.toLowerCase() === 'off' ? null : schedule,
    ltaHorizonDays: horizon,
    ltaRetiredAlgorithms: retired,
  };
}

export function loadConfig(options: { env?: NodeJS.ProcessEnv; dataDir?: string } = {}): Config {
  const env = options.env ?? process.env;
  const port = parsePort(env.PORT);
  const tsaUrls = (env.SEGL_TSA_URLS ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((url) => parseHttpUrl('SEGL_TSA_URLS', url));
  const rate = env.SEGL_PORTAL_RATE_LIMIT ? Number(env.SEGL_PORTAL_RATE_LIMIT) : 60;
  if (!Number.isInteger(rate) || rate < 1) throw configError('SEGL_PORTAL_RATE_LIMIT must be a positive whole number');
  return {
    dataDir: resolve(options.dataDir ?? env.SEGL_DATA_DIR ?? './data'),
    port,
    publicUrl: env.SEGL_PUBLIC_URL ? parseHttpUrl('SEGL_PUBLIC_URL', env.SEGL_PUBLIC_URL) : `http://localhost:${port}`,
    databaseUrl: env.DATABASE_URL || undefined,
    smtpUrl: env.SEGL_SMTP_URL || undefined,
    tsaUrls,
    trustedProxies: (env.SEGL_TRUSTED_PROXIES ?? '').split(/[\s,]+/).filter(Boolean),
    kek: env.SEGL_KEK || undefined,
    kekNext: env.SEGL_KEK_NEXT || undefined,
    portalRateLimit: rate,
    logLevel: env.SEGL_LOG_LEVEL ?? env.LOG_LEVEL ?? 'info',
    sso: parseSso(env),
    signerProviders: parseSignerProviders(env),
    mailFrom: env.SEGL_MAIL_FROM || undefined,
    webhookAllowPrivateNetwork: parseFlag('SEGL_WEBHOOK_ALLOW_PRIVATE_NETWORK', env.SEGL_WEBHOOK_ALLOW_PRIVATE_NETWORK),
    retentionDays: parseRetentionDays(env.SEGL_RETENTION_DAYS),
    retentionSchedule: parseRetentionSchedule(env.SEGL_RETENTION_SCHEDULE),
    tsaAllowPrivateNetwork: parseFlag('SEGL_TSA_ALLOW_PRIVATE_NETWORK', env.SEGL_TSA_ALLOW_PRIVATE_NETWORK),
    revocationAllowPrivateNetwork: parseFlag(
      'SEGL_REVOCATION_ALLOW_PRIVATE_NETWORK',
      env.SEGL_REVOCATION_ALLOW_PRIVATE_NETWORK,
    ),
    tsaPublic: parseOnOff('SEGL_TSA_PUBLIC', env.SEGL_TSA_PUBLIC),
    checkResponses: parseOnOff('SEGL_CHECK_RESPONSES', env.SEGL_CHECK_RESPONSES),
    tsaRateLimit: parsePerMinute('SEGL_TSA_RATE_LIMIT', env.SEGL_TSA_RATE_LIMIT, 60),
    pkiRateLimit: parsePerMinute('SEGL_PKI_RATE_LIMIT', env.SEGL_PKI_RATE_LIMIT, 600),
    signingRateLimit: parsePerMinute('SEGL_SIGNING_RATE_LIMIT', env.SEGL_SIGNING_RATE_LIMIT, 300),
    metricsToken: parseMetricsToken(env.SEGL_METRICS_TOKEN),
    metricsAllow: parseNetworks('SEGL_METRICS_ALLOW', env.SEGL_METRICS_ALLOW),
    backupSchedule: parseBackupSchedule(env.SEGL_BACKUP_SCHEDULE),
    backupDir: resolve(
      env.SEGL_BACKUP_DIR || join(resolve(options.dataDir ?? env.SEGL_DATA_DIR ?? './data'), 'backups'),
    ),
    backupKeep: parseBackupKeep(env.SEGL_BACKUP_KEEP),
    verifyWorkers: parseBounded(
      'SEGL_VERIFY_WORKERS',
      env.SEGL_VERIFY_WORKERS,
      Math.max(1, Math.min(4, availableParallelism())),
      1,
      64,
    ),
    verifyTimeoutMs: parseBounded('SEGL_VERIFY_TIMEOUT_MS', env.SEGL_VERIFY_TIMEOUT_MS, 10_000, 500, 600_000),
    verifyQueue: parseBounded('SEGL_VERIFY_QUEUE', env.SEGL_VERIFY_QUEUE, 32, 0, 10_000),
    stampLayout: parseStampLayout(env.SEGL_STAMP_LAYOUT),
    timeZone: parseTimeZone(env.SEGL_TIME_ZONE),
    mailAttachmentMaxBytes: parseByteSize(
      'SEGL_MAIL_ATTACHMENT_MAX_BYTES',
      env.SEGL_MAIL_ATTACHMENT_MAX_BYTES,
      10 * 1024 * 1024,
    ),
    host: parseHost(env.SEGL_HOST),
    nodeId: parseNodeId(env.SEGL_NODE_ID),
    minFreeBytes: parseMinFreeBytes(env.SEGL_MIN_FREE_BYTES),
    pkcs11: parsePkcs11(env),
    sealChainFile: env.SEGL_SEAL_CHAIN_FILE ? resolve(env.SEGL_SEAL_CHAIN_FILE) : undefined,
    trustListFiles: (env.SEGL_TRUST_LIST_FILES ?? '')
      .split(/[,\n]+/)
      .map((file) => file.trim())
      .filter(Boolean)
      .map((file) => resolve(file)),
    ...parseLta(env),
  };
}
