import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const P12_PASSPHRASE = 'bench';

/**
 * How the PKCS#12 file protects the key. @signpdf/signer-p12 decodes (and so decrypts) the P12 inside every
 * sign() call, so its key-derivation cost is part of each signature:
 * - `openssl-default`: what `openssl pkcs12 -export` writes (PBES2, AES-256, PBKDF2 with 2048 iterations);
 * - `no-kdf-iterations`: 3DES with a single iteration and MAC iteration: the signer's best case.
 */
export type P12Protection = 'openssl-default' | 'no-kdf-iterations';

const PROTECTION_ARGS: Record<P12Protection, string[]> = {
  'openssl-default': [],
  'no-kdf-iterations': [
    '-keypbe',
    'PBE-SHA1-3DES',
    '-certpbe',
    'PBE-SHA1-3DES',
    '-macalg',
    'sha1',
    '-noiter',
    '-nomaciter',
  ],
};

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A throwaway RSA-2048 self-signed certificate and key (made once per folder by openssl in a child process). */
function ensureKeyPair(folder: string): { key: string; cert: string } {
  const key = join(folder, 'key.pem');
  const cert = join(folder, 'cert.pem');
  mkdirSync(folder, { recursive: true });
  try {
    readFileSync(cert);
  } catch {
    openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-subj',
      '/CN=Segl bench signer',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
  }
  return { key, cert };
}

/** The key pair as a PKCS#12 file with the given protection. */
export function createThrowawayP12(dir: string, protection: P12Protection): Buffer {
  const folder = join(dir, 'p12');
  const { key, cert } = ensureKeyPair(folder);
  const p12 = join(folder, `${protection}.p12`);
  openssl([
    'pkcs12',
    '-export',
    '-inkey',
    key,
    '-in',
    cert,
    '-out',
    p12,
    '-passout',
    `pass:${P12_PASSPHRASE}`,
    ...PROTECTION_ARGS[protection],
  ]);
  return readFileSync(p12);
}
