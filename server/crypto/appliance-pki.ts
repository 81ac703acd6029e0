import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { promises as fs, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../lib/clock.js';
import { PkiError } from './pki-error.js';
import { writeFileAtomic } from '../lib/atomic-write.js';
import type { SigningIdentity } from './signing-identity.js';
import { OID } from './oids.js';
import { issueCertificate, randomSerial, type CertificateProfile, type NameSpec } from './certificate-builder.js';
import { readCertificate } from './certificate-info.js';
import { createCrl } from './certificate-revocation-list.js';
import { fsyncDirectory, unwrapSecret, wrapSecret } from './key-encryption-key.js';
import {
  createOcspResponse,
  createOcspResponseForCertificate,
  type CertificateStatus,
  type OcspResponder,
} from './ocsp-responder.js';
import { derToPem } from './pem.js';
import { normalizeSerialHex } from './asn1-helpers.js';

/**
 * The appliance's own small PKI under DATA/pki/: a root CA, a seal certificate and a TSA certificate, keys encrypted
 * under the KEK. Created once (concurrent first starts converge on one set: the directory is built aside and renamed
 * into place); seal and TSA certificates are re-issued under the same root (same keys) when the public URL changes.
 * The root signs CRLs and OCSP responses itself.
 *
 * Layout: meta.json (id, publicUrl, current serials), root.cer/.pem, seal.cer/.pem, tsa.cer/.pem (current copies),
 * certs/<serial>.cer (every certificate ever issued, immutable), <role>.key.enc (wrapped PKCS#8), registry.json.
 */

const ROOT_YEARS = 20;
const LEAF_YEARS = 10;
const BACKDATE_MS = 5 * 60 * 1000;
const REVOCATION_VALIDITY_MS = 7 * 24 * 3600 * 1000;
const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 20_000;

export type PkiRole = 'root' | 'seal' | 'tsa';

export interface IssuedCertificate {
  serialHex: string;
  role: PkiRole;
  subject: string;
  notBefore: string;
  notAfter: string;
  issuedAt: string;
  sha256: string;
  publicUrl?: string;
  revokedAt?: string;
  reason?: number;
}

interface PkiMeta {
  format: 1;
  id: string;
  publicUrl: string;
  createdAt: string;
  current: { seal: string; tsa: string };
}

interface Registry {
  certificates: IssuedCertificate[];
}

export interface AppliancePki {
  /** Short id in the certificate names (`Segl Appliance Root CA <id>`). */
  id: string;
  publicUrl: string;
  root: { certificate: Uint8Array; privateKey: KeyObject };
  seal: SigningIdentity;
  tsa: SigningIdentity;
  /** Who signs OCSP responses: the root itself. */
  ocspResponder: OcspResponder;
  rootPem(): string;
  /** Status of a certificate issued by the root (reads the registry, so revocations by other processes are seen). */
  statusOf(serialHex: string): CertificateStatus;
  issuedCertificates(): IssuedCertificate[];
  /** DER of any certificate this PKI issued (including superseded seal/TSA certificates). */
  certificateBySerial(serialHex: string): Uint8Array | undefined;
  revokeCertificate(options: { serialHex: string; revokedAt?: Date; reason?: number }): Promise<void>;
  /** A fresh CRL signed by the root (CRL number = Unix seconds, so it only grows). */
  currentCrl(): Uint8Array;
  /** Answers a DER OCSPRequest (never throws). */
  answerOcspRequest(options: { request: Uint8Array }): Uint8Array;
  /** The OCSP response for one of our certificates, built in-process (for embedding as B-LT data). */
  ocspResponseFor(options: { certificate: Uint8Array }): Uint8Array;
}

function addYears(date: Date, years: number): Date {
  const result = new Date(date);
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

export function normalizePublicUrl(publicUrl: string): string {
  return publicUrl.trim().replace(/\/+$/, '');
}

function urlsFor(publicUrl: string): Pick<CertificateProfile, 'crlUrls' | 'ocspUrls' | 'caIssuerUrls'> {
  return {
    crlUrls: [`${publicUrl}/pki/crl`],
    ocspUrls: [`${publicUrl}/pki/ocsp`],
    caIssuerUrls: [`${publicUrl}/pki/root.cer`],
  };
}

function sealProfile(publicUrl: string): CertificateProfile {
  // No EKU on purpose: NSS (poppler's pdfsig) rejects an EKU without emailProtection for document signers,
  // and Adobe, EU DSS and pyHanko accept a seal certificate without EKU.
  return { keyUsage: ['digitalSignature', 'nonRepudiation'], ...urlsFor(publicUrl) };
}

function tsaProfile(publicUrl: string): CertificateProfile {
  // RFC 3161 2.3: the TSA certificate MUST contain only timeStamping, critical.
  return {
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    extendedKeyUsage: { oids: [OID.timeStamping], critical: true },
    ...urlsFor(publicUrl),
  };
}

function names(id: string): Record<PkiRole, NameSpec> {
  return {
    root: { commonName: `Segl Appliance Root CA ${id}`, organization: 'Segl' },
    seal: { commonName: `Segl Seal ${id}`, organization: 'Segl' },
    tsa: { commonName: `Segl TSA ${id}`, organization: 'Segl' },
  };
}

function keyLabel(role: PkiRole): string {
  return `segl/pki/${role}-key`;
}

function generateKey(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

function wrapKey(kek: Uint8Array, role: PkiRole, key: KeyObject): Uint8Array {
  return wrapSecret({
    kek,
    plaintext: new Uint8Array(key.export({ type: 'pkcs8', format: 'der' })),
    label: keyLabel(role),
  });
}

function unwrapKey(kek: Uint8Array, role: PkiRole, wrapped: Uint8Array): KeyObject {
  const pkcs8 = unwrapSecret({ kek, wrapped, label: keyLabel(role) });
  return createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
}

function registryEntry(options: {
  der: Uint8Array;
  role: PkiRole;
  issuedAt: Date;
  publicUrl?: string;
}): IssuedCertificate {
  const info = readCertificate(options.der);
  return {
    serialHex: info.serialHex,
    role: options.role,
    subject: info.subject,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
    issuedAt: options.issuedAt.toISOString(),
    sha256: createHash('sha256').update(options.der).digest('hex'),
    publicUrl: options.publicUrl,
  };
}

async function writeCertificate(dir: string, der: Uint8Array, currentName?: string): Promise<void> {
  const info = readCertificate(der);
  writeFileAtomic(path.join(dir, 'certs', `${info.serialHex}.cer`), der, { mode: 0o644 });
  if (currentName) {
    writeFileAtomic(path.join(dir, `${currentName}.cer`), der, { mode: 0o644 });
    writeFileAtomic(path.join(dir, `${currentName}.pem`), derToPem(der, 'CERTIFICATE'), { mode: 0o644 });
  }
}

/** Where the PKI lives, the key that wraps its private keys, the URL its certificates name, and the time. */
interface PkiDirectoryOptions {
  dir: string;
  kek: Uint8Array;
  publicUrl: string;
  now: Date;
}

/** Builds a complete PKI directory at `dir` (which must not exist yet). */
async function createPkiDirectory(options: PkiDirectoryOptions): Promise<void> {
  const { dir, kek, publicUrl, now } = options;
  await fs.mkdir(path.join(dir, 'certs'), { recursive: true, mode: 0o700 });
  const id = randomBytes(4).toString('hex').toUpperCase();
  const subjectNames = names(id);
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const rootKey = generateKey();
  const rootCert = issueCertificate({
    subject: subjectNames.root,
    publicKey: rootKey,
    signingKey: rootKey,
    serial: randomSerial(),
    notBefore,
    notAfter: addYears(now, ROOT_YEARS),
    profile: { ca: {} },
  });
  const registry: Registry = { certificates: [registryEntry({ der: rootCert, role: 'root', issuedAt: now })] };
  writeFileAtomic(path.join(dir, 'root.key.enc'), wrapKey(kek, 'root', rootKey), { mode: 0o600 });
  await writeCertificate(dir, rootCert, 'root');
  const current: Record<string, string> = {};
  for (const role of ['seal', 'tsa'] as const) {
    const key = generateKey();
    const der = issueLeaf({ role, id, key, rootCert, rootKey, publicUrl, now });
    writeFileAtomic(path.join(dir, `${role}.key.enc`), wrapKey(kek, role, key), { mode: 0o600 });
    await writeCertificate(dir, der, role);
    registry.certificates.push(registryEntry({ der, role, issuedAt: now, publicUrl }));
    current[role] = readCertificate(der).serialHex;
  }
  writeFileAtomic(path.join(dir, 'registry.json'), JSON.stringify(registry, null, 2), { mode: 0o644 });
  const meta: PkiMeta = {
    format: 1,
    id,
    publicUrl,
    createdAt: now.toISOString(),
    current: { seal: current.seal!, tsa: current.tsa! },
  };
  writeFileAtomic(path.join(dir, 'meta.json'), JSON.stringify(meta, null, 2), { mode: 0o644 });
  await fsyncDirectory(path.join(dir, 'certs'));
  await fsyncDirectory(dir);
}

function issueLeaf(options: {
  role: 'seal' | 'tsa';
  id: string;
  key: KeyObject;
  rootCert: Uint8Array;
  rootKey: KeyObject;
  publicUrl: string;
  now: Date;
}): Uint8Array {
  const rootNotAfter = readCertificate(options.rootCert).notAfter;
  const wanted = addYears(options.now, LEAF_YEARS);
  return issueCertificate({
    subject: names(options.id)[options.role],
    publicKey: options.key,
    issuerCertificate: options.rootCert,
    signingKey: options.rootKey,
    serial: randomSerial(),
    notBefore: new Date(options.now.getTime() - BACKDATE_MS),
    notAfter: wanted.getTime() < rootNotAfter.getTime() ? wanted : rootNotAfter,
    profile: options.role === 'seal' ? sealProfile(options.publicUrl) : tsaProfile(options.publicUrl),
  });
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** An exclusive lock file for read-modify-write of the PKI state across processes. */
async function withLock<T>(dir: string, action: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, '.lock');
  const started = Date.now();
  for (;;) {
    try {
      const handle = await fs.open(lock, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const stat = await fs.stat(lock).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > LOCK_STALE_MS) {
        await fs.unlink(lock).catch(() => undefined);
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS) {
        throw new PkiError({ code: 'pki_locked', message: `PKI directory ${dir} stays locked` });
      }
      await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 50));
    }
  }
  try {
    return await action();
  } finally {
    await fs.unlink(lock).catch(() => undefined);
  }
}

/** Re-issues seal and TSA certificates (same keys, same root) for a new public URL. */
async function reissueForPublicUrl(options: PkiDirectoryOptions): Promise<void> {
  const { dir, kek, publicUrl, now } = options;
  await withLock(dir, async () => {
    const meta = (await readJson<PkiMeta>(path.join(dir, 'meta.json')))!;
    if (meta.publicUrl === publicUrl) return; // another process did it meanwhile
    const rootCert = new Uint8Array(await fs.readFile(path.join(dir, 'root.cer')));
    const rootKey = unwrapKey(kek, 'root', new Uint8Array(await fs.readFile(path.join(dir, 'root.key.enc'))));
    const registry = (await readJson<Registry>(path.join(dir, 'registry.json'))) ?? { certificates: [] };
    const current = { ...meta.current };
    for (const role of ['seal', 'tsa'] as const) {
      const key = unwrapKey(kek, role, new Uint8Array(await fs.readFile(path.join(dir, `${role}.key.enc`))));
      const der = issueLeaf({ role, id: meta.id, key, rootCert, rootKey, publicUrl, now });
      await writeCertificate(dir, der, role);
      registry.certificates.push(registryEntry({ der, role, issuedAt: now, publicUrl }));
      current[role] = readCertificate(der).serialHex;
    }
    writeFileAtomic(path.join(dir, 'registry.json'), JSON.stringify(registry, null, 2), { mode: 0o644 });
    writeFileAtomic(path.join(dir, 'meta.json'), JSON.stringify({ ...meta, publicUrl, current }, null, 2), {
      mode: 0o644,
    });
    await fsyncDirectory(dir);
  });
}

/** Seal and TSA certificates are re-issued (with new keys) when they have less than this left. */
const LEAF_RENEW_BEFORE_MS = 2 * 365 * 24 * 3600 * 1000;

function leavesToRenew(options: {
  rootCert: Uint8Array;
  leaves: Record<'seal' | 'tsa', Uint8Array>;
  now: Date;
}): ('seal' | 'tsa')[] {
  const rootNotAfter = readCertificate(options.rootCert).notAfter.getTime();
  return (['seal', 'tsa'] as const).filter((role) => {
    const notAfter = readCertificate(options.leaves[role]).notAfter.getTime();
    // only when a new certificate would outlive the current one: near the root's end there is nothing to gain
    return notAfter - options.now.getTime() < LEAF_RENEW_BEFORE_MS && rootNotAfter > notAfter;
  });
}

/**
 * Re-issues the seal and TSA certificates that are close to expiry, each with a new key, under the same root, so
 * that new seals and the long-term renewal of the archive always get timestamps that outlive the previous ones.
 */
async function renewExpiringLeaves(options: { dir: string; kek: Uint8Array; now: Date }): Promise<void> {
  const { dir, kek, now } = options;
  await withLock(dir, async () => {
    const meta = (await readJson<PkiMeta>(path.join(dir, 'meta.json')))!;
    const rootCert = new Uint8Array(await fs.readFile(path.join(dir, 'root.cer')));
    const read = async (role: 'seal' | 'tsa') =>
      new Uint8Array(await fs.readFile(path.join(dir, 'certs', `${meta.current[role]}.cer`)));
    const roles = leavesToRenew({ rootCert, leaves: { seal: await read('seal'), tsa: await read('tsa') }, now });
    if (roles.length === 0) return; // another process did it meanwhile
    const rootKey = unwrapKey(kek, 'root', new Uint8Array(await fs.readFile(path.join(dir, 'root.key.enc'))));
    const registry = (await readJson<Registry>(path.join(dir, 'registry.json'))) ?? { certificates: [] };
    const current = { ...meta.current };
    for (const role of roles) {
      const key = generateKey();
      const der = issueLeaf({ role, id: meta.id, key, rootCert, rootKey, publicUrl: meta.publicUrl, now });
      // the certificate first, then the key: a crash between them leaves the old pair in force (meta names it)
      await writeCertificate(dir, der);
      writeFileAtomic(path.join(dir, `${role}.key.enc.next`), wrapKey(kek, role, key), { mode: 0o600 });
      registry.certificates.push(registryEntry({ der, role, issuedAt: now, publicUrl: meta.publicUrl }));
      current[role] = readCertificate(der).serialHex;
    }
    writeFileAtomic(path.join(dir, 'registry.json'), JSON.stringify(registry, null, 2), { mode: 0o644 });
    // meta.json is the commit; a crash before the renames below is finished by completePendingKeys at the next load
    writeFileAtomic(path.join(dir, 'meta.json'), JSON.stringify({ ...meta, current }, null, 2), { mode: 0o644 });
    await completePendingKeys({ dir, kek, meta: { ...meta, current } });
    for (const role of roles)
      await writeCertificate(
        dir,
        new Uint8Array(await fs.readFile(path.join(dir, 'certs', `${current[role]}.cer`))),
        role,
      );
    await fsyncDirectory(dir);
  });
}

/** A `<role>.key.enc.next` left by a renewal replaces the key when meta.json names its certificate; else it goes. */
async function completePendingKeys(options: { dir: string; kek: Uint8Array; meta: PkiMeta }): Promise<void> {
  for (const role of ['seal', 'tsa'] as const) {
    const pending = path.join(options.dir, `${role}.key.enc.next`);
    const wrapped = await fs.readFile(pending).catch(() => undefined);
    if (!wrapped) continue;
    const key = unwrapKey(options.kek, role, new Uint8Array(wrapped));
    const certificate = readCertificate(
      new Uint8Array(await fs.readFile(path.join(options.dir, 'certs', `${options.meta.current[role]}.cer`))),
    );
    const publicKey = new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
    // another process may finish the same step at the same moment
    if (Buffer.from(publicKey).equals(Buffer.from(certificate.spki)))
      await fs.rename(pending, path.join(options.dir, `${role}.key.enc`)).catch(() => undefined);
    else await fs.unlink(pending).catch(() => undefined);
  }
}

/**
 * Loads the appliance PKI from `dataDir/pki`, creating it on first use and re-issuing the seal and TSA
 * certificates when `publicUrl` differs from the one they were issued for. A wrong KEK gives `kek_mismatch`.
 */
export async function loadAppliancePki(options: {
  dataDir: string;
  kek: Uint8Array;
  publicUrl: string;
  clock: Clock;
}): Promise<AppliancePki> {
  const publicUrl = normalizePublicUrl(options.publicUrl);
  const dir = path.join(options.dataDir, 'pki');
  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o700 });

  let meta = await readJson<PkiMeta>(path.join(dir, 'meta.json'));
  if (!meta) {
    const temp = path.join(options.dataDir, `.pki-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await createPkiDirectory({ dir: temp, kek: options.kek, publicUrl, now: options.clock.now() });
      try {
        // rename() onto a non-empty directory fails: the first complete directory wins
        await fs.rename(temp, dir);
        await fsyncDirectory(options.dataDir);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      }
    } finally {
      await fs.rm(temp, { recursive: true, force: true });
    }
    meta = await readJson<PkiMeta>(path.join(dir, 'meta.json'));
    if (!meta) throw new PkiError({ code: 'pki_incomplete', message: `PKI directory ${dir} has no meta.json` });
  }

  if (meta.publicUrl !== publicUrl) {
    await reissueForPublicUrl({ dir, kek: options.kek, publicUrl, now: options.clock.now() });
    meta = (await readJson<PkiMeta>(path.join(dir, 'meta.json')))!;
  }

  const read = async (name: string) => new Uint8Array(await fs.readFile(path.join(dir, name)));
  await completePendingKeys({ dir, kek: options.kek, meta });
  const expiring = leavesToRenew({
    rootCert: await read('root.cer'),
    leaves: { seal: await read(`certs/${meta.current.seal}.cer`), tsa: await read(`certs/${meta.current.tsa}.cer`) },
    now: options.clock.now(),
  });
  if (expiring.length) {
    await renewExpiringLeaves({ dir, kek: options.kek, now: options.clock.now() });
    meta = (await readJson<PkiMeta>(path.join(dir, 'meta.json')))!;
  }
  const rootCert = await read('root.cer');
  const rootKey = unwrapKey(options.kek, 'root', await read('root.key.enc'));
  const sealCert = await read(`certs/${meta.current.seal}.cer`);
  const tsaCert = await read(`certs/${meta.current.tsa}.cer`);
  const sealKey = unwrapKey(options.kek, 'seal', await read('seal.key.enc'));
  const tsaKey = unwrapKey(options.kek, 'tsa', await read('tsa.key.enc'));
  return createPkiHandle({
    dir,
    meta,
    clock: options.clock,
    root: { certificate: rootCert, privateKey: rootKey },
    seal: { certificate: sealCert, privateKey: sealKey, chain: [rootCert] },
    tsa: { certificate: tsaCert, privateKey: tsaKey, chain: [rootCert] },
  });
}

function createPkiHandle(options: {
  dir: string;
  meta: PkiMeta;
  clock: Clock;
  root: { certificate: Uint8Array; privateKey: KeyObject };
  seal: SigningIdentity;
  tsa: SigningIdentity;
}): AppliancePki {
  const { dir, root, clock } = options;
  const registryFile = path.join(dir, 'registry.json');
  let cached: { mtimeMs: number; size: number; registry: Registry } | undefined;

  const registry = (): Registry => {
    const stat = statSync(registryFile);
    if (!cached || cached.mtimeMs !== stat.mtimeMs || cached.size !== stat.size) {
      cached = {
        mtimeMs: stat.mtimeMs,
        size: stat.size,
        registry: JSON.parse(readFileSync(registryFile, 'utf8')) as Registry,
      };
    }
    return cached.registry;
  };

  const statusOf = (serialHex: string): CertificateStatus => {
    const serial = normalizeSerialHex(serialHex);
    const entry = registry().certificates.find((item) => item.serialHex === serial);
    if (!entry) return { status: 'unknown' };
    if (entry.revokedAt) return { status: 'revoked', revokedAt: new Date(entry.revokedAt), reason: entry.reason };
    return { status: 'good' };
  };

  return {
    id: options.meta.id,
    publicUrl: options.meta.publicUrl,
    root,
    seal: options.seal,
    tsa: options.tsa,
    ocspResponder: root,
    rootPem: () => derToPem(root.certificate, 'CERTIFICATE'),
    statusOf,
    issuedCertificates: () => registry().certificates.map((entry) => ({ ...entry })),
    certificateBySerial(serialHex) {
      try {
        return new Uint8Array(readFileSync(path.join(dir, 'certs', `${normalizeSerialHex(serialHex)}.cer`)));
      } catch {
        return undefined;
      }
    },
    async revokeCertificate({ serialHex, revokedAt, reason }) {
      const serial = normalizeSerialHex(serialHex);
      await withLock(dir, async () => {
        const current = (await readJson<Registry>(registryFile)) ?? { certificates: [] };
        const entry = current.certificates.find((item) => item.serialHex === serial);
        if (!entry) {
          throw new PkiError({ code: 'unknown_certificate', message: `No certificate with serial ${serial}` });
        }
        if (entry.revokedAt) return;
        entry.revokedAt = (revokedAt ?? clock.now()).toISOString();
        if (reason !== undefined) entry.reason = reason;
        writeFileAtomic(registryFile, JSON.stringify(current, null, 2), { mode: 0o644 });
      });
      cached = undefined;
    },
    currentCrl() {
      const now = clock.now();
      const revoked = registry()
        .certificates.filter((entry) => entry.revokedAt && entry.role !== 'root')
        .map((entry) => ({ serial: entry.serialHex, revokedAt: new Date(entry.revokedAt!), reason: entry.reason }));
      return createCrl({
        issuer: root,
        revoked,
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + REVOCATION_VALIDITY_MS),
        crlNumber: Math.floor(now.getTime() / 1000),
      });
    },
    answerOcspRequest({ request }) {
      return createOcspResponse({ request, responder: root, issuer: root.certificate, statusOf, clock });
    },
    ocspResponseFor({ certificate }) {
      return createOcspResponseForCertificate({
        certificate,
        issuer: root.certificate,
        responder: root,
        statusOf,
        clock,
      });
    },
  };
}
