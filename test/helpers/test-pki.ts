import 'reflect-metadata';
import { createPrivateKey, webcrypto, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { SigningIdentity } from '../../server/crypto/signing-identity.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type TestKeyType = 'ec' | 'ec-p384' | 'rsa' | 'rsa-pss';

export interface TestPki {
  ca: SigningIdentity;
  tsa: SigningIdentity;
  seal: SigningIdentity;
  /** PEM of each certificate and private key, for openssl. */
  pem: { ca: string; caKey: string; tsa: string; tsaKey: string; seal: string; sealKey: string };
}

function algorithmFor(type: TestKeyType): { generate: RsaHashedKeyGenParams | EcKeyGenParams; sign: Algorithm } {
  switch (type) {
    case 'ec':
      return {
        generate: { name: 'ECDSA', namedCurve: 'P-256' },
        sign: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
      };
    case 'ec-p384':
      return {
        generate: { name: 'ECDSA', namedCurve: 'P-384' },
        sign: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams,
      };
    case 'rsa':
      return {
        generate: {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        },
        sign: { name: 'RSASSA-PKCS1-v1_5' },
      };
    case 'rsa-pss':
      return {
        generate: { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
        sign: { name: 'RSA-PSS', saltLength: 32 } as RsaPssParams,
      };
  }
}

async function generateKeys(type: TestKeyType): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(algorithmFor(type).generate, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function toKeyObject(key: CryptoKey): Promise<KeyObject> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', key);
  return createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
}

function pemOf(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}

export interface IssueOptions {
  subject: string;
  issuer?: { certificate: x509.X509Certificate; keys: CryptoKeyPair; type: TestKeyType };
  type: TestKeyType;
  ca?: boolean;
  extendedKeyUsage?: { purposes: string[]; critical: boolean };
  notBefore?: Date;
  notAfter?: Date;
}

/** Issues one certificate (self-signed when no issuer) with a fresh key pair. */
export async function issueTestCertificate(
  options: IssueOptions,
): Promise<{ certificate: x509.X509Certificate; keys: CryptoKeyPair; privateKey: KeyObject }> {
  const keys = await generateKeys(options.type);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(options.ca ?? false, undefined, true),
    new x509.KeyUsagesExtension(
      options.ca
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
        : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (options.extendedKeyUsage) {
    extensions.push(
      new x509.ExtendedKeyUsageExtension(options.extendedKeyUsage.purposes, options.extendedKeyUsage.critical),
    );
  }
  const notBefore = options.notBefore ?? new Date(Date.now() - 3600_000);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * 86400_000);
  let certificate: x509.X509Certificate;
  if (!options.issuer) {
    certificate = await x509.X509CertificateGenerator.createSelfSigned({
      name: options.subject,
      keys,
      notBefore,
      notAfter,
      signingAlgorithm: algorithmFor(options.type).sign,
      extensions,
    });
  } else {
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(options.issuer.keys.publicKey));
    certificate = await x509.X509CertificateGenerator.create({
      subject: options.subject,
      issuer: options.issuer.certificate.subject,
      publicKey: keys.publicKey,
      signingKey: options.issuer.keys.privateKey,
      notBefore,
      notAfter,
      signingAlgorithm: algorithmFor(options.issuer.type).sign,
      extensions,
    });
  }
  return { certificate, keys, privateKey: await toKeyObject(keys.privateKey) };
}

/** A throwaway CA with a TSA certificate (EKU timeStamping, critical) and a seal certificate. */
export async function createTestPki(
  options: {
    caType?: TestKeyType;
    tsaType?: TestKeyType;
    sealType?: TestKeyType;
    tsaEku?: { purposes: string[]; critical: boolean };
  } = {},
): Promise<TestPki> {
  const caType = options.caType ?? 'ec';
  const ca = await issueTestCertificate({ subject: 'CN=Segl Test Root, O=Segl Test', type: caType, ca: true });
  const issuer = { certificate: ca.certificate, keys: ca.keys, type: caType };
  const tsa = await issueTestCertificate({
    subject: 'CN=Segl Test TSA, O=Segl Test',
    type: options.tsaType ?? 'ec',
    issuer,
    extendedKeyUsage: options.tsaEku ?? { purposes: ['1.3.6.1.5.5.7.3.8'], critical: true },
  });
  const seal = await issueTestCertificate({
    subject: 'CN=Segl Test Seal, O=Segl Test',
    type: options.sealType ?? 'ec',
    issuer,
  });
  const caDer = new Uint8Array(ca.certificate.rawData);
  const identity = (entry: typeof tsa): SigningIdentity => ({
    certificate: new Uint8Array(entry.certificate.rawData),
    privateKey: entry.privateKey,
    chain: [caDer],
  });
  const keyPem = (key: KeyObject): string => key.export({ type: 'pkcs8', format: 'pem' }) as string;
  return {
    ca: { certificate: caDer, privateKey: ca.privateKey, chain: [] },
    tsa: identity(tsa),
    seal: identity(seal),
    pem: {
      ca: pemOf(caDer, 'CERTIFICATE'),
      caKey: keyPem(ca.privateKey),
      tsa: pemOf(new Uint8Array(tsa.certificate.rawData), 'CERTIFICATE'),
      tsaKey: keyPem(tsa.privateKey),
      seal: pemOf(new Uint8Array(seal.certificate.rawData), 'CERTIFICATE'),
      sealKey: keyPem(seal.privateKey),
    },
  };
}

/** Writes ca.pem, ca.key, tsa.pem, tsa.key, seal.pem, seal.key into `dir`. */
export function writeTestPki(pki: TestPki, dir: string): void {
  writeFileSync(join(dir, 'ca.pem'), pki.pem.ca);
  writeFileSync(join(dir, 'ca.key'), pki.pem.caKey);
  writeFileSync(join(dir, 'tsa.pem'), pki.pem.tsa);
  writeFileSync(join(dir, 'tsa.key'), pki.pem.tsaKey);
  writeFileSync(join(dir, 'seal.pem'), pki.pem.seal);
  writeFileSync(join(dir, 'seal.key'), pki.pem.sealKey);
}

export { pemOf };
