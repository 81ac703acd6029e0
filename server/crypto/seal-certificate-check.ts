import { createPublicKey, type KeyObject } from 'node:crypto';
import type { PkiErrorCode } from '../lib/error-catalogue.js';
import { PkiError } from './pki-error.js';
import { bytesEqual } from './asn1-helpers.js';
import { readCertificate, type CertificateInfo } from './certificate-info.js';
import { validateCertificatePath } from './certificate-path.js';
import { documentSigningRefusal } from './document-signing-use.js';

/**
 * Whether a certificate (with the certificates around it) can carry the organisation's seal: its key is the one we
 * hold, it is valid now, its key usage allows signatures, it is not a CA, its key is strong enough, and a complete
 * chain up to a self-signed root is at hand and verifies. Each failure is a PkiError naming the problem.
 */

const MIN_RSA_BITS = 2048;

function fail(code: PkiErrorCode, message: string): never {
  throw new PkiError({ code, message });
}

const labelOf = (info: CertificateInfo) => info.subjectCommonName ?? info.subject;

export function spkiOf(key: KeyObject): Uint8Array {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
}

/** Picks, among `certificates`, the one whose public key is `publicKeySpki`. */
export function certificateForKey(options: { certificates: Uint8Array[]; publicKeySpki: Uint8Array }): Uint8Array {
  for (const der of options.certificates) {
    try {
      if (bytesEqual(readCertificate(der).spki, options.publicKeySpki)) return der;
    } catch {
      // unreadable certificates cannot be the one
    }
  }
  return fail('seal_key_mismatch', 'No certificate in the file belongs to its private key');
}

export interface CheckedSealCertificate {
  certificate: Uint8Array;
  /** Nearest issuer first, ending with the self-signed root. */
  chain: Uint8Array[];
}

export function checkSealCertificate(options: {
  certificate: Uint8Array;
  /** The key we will sign with (its SPKI); the certificate must carry exactly this key. */
  publicKeySpki: Uint8Array;
  /** Other certificates that came with it (PKCS#12 bags, --chain, the token). */
  candidates: Uint8Array[];
  now: Date;
}): CheckedSealCertificate {
  let leaf: CertificateInfo;
  try {
    leaf = readCertificate(options.certificate);
  } catch {
    return fail('seal_key_unreadable', 'The seal certificate cannot be parsed');
  }
  const name = labelOf(leaf);
  if (!bytesEqual(leaf.spki, options.publicKeySpki))
    fail('seal_key_mismatch', `The private key does not match the certificate "${name}"`);
  const at = options.now.getTime();
  if (at < leaf.notBefore.getTime())
    fail(
      'seal_certificate_not_yet_valid',
      `The certificate "${name}" is valid only from ${leaf.notBefore.toISOString()}`,
    );
  if (at > leaf.notAfter.getTime())
    fail('seal_certificate_expired', `The certificate "${name}" expired on ${leaf.notAfter.toISOString()}`);
  if (leaf.basicConstraints?.ca) fail('seal_key_usage', `"${name}" is a CA certificate, not a seal certificate`);
  if (!leaf.keyUsage) fail('seal_key_usage', `"${name}" has no key usage: a seal certificate must name its purpose`);
  const refusal = documentSigningRefusal(leaf);
  if (refusal) fail('seal_key_usage', `"${name}" cannot seal: ${refusal}`);
  const key = createPublicKey({ key: Buffer.from(leaf.spki), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    fail('seal_key_unsupported', `Keys of type ${key.asymmetricKeyType ?? 'unknown'} cannot seal (RSA and EC can)`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (key.asymmetricKeyType === 'rsa' && bits !== undefined && bits < MIN_RSA_BITS) {
    fail('seal_key_weak', `An RSA key of ${bits} bits is too weak for a seal (at least ${MIN_RSA_BITS})`);
  }

  const others = options.candidates.filter((der) => !bytesEqual(der, options.certificate));
  const roots = others.filter((der) => {
    try {
      return readCertificate(der).selfIssued;
    } catch {
      return false;
    }
  });
  const path = validateCertificatePath({
    certificate: options.certificate,
    intermediates: others,
    trustAnchors: roots,
    at: options.now,
  });
  const unknownRoot = path.problems.find((problem) => problem.code === 'unknown_root');
  if (unknownRoot) {
    fail(
      'seal_chain_incomplete',
      `The chain of "${name}" is incomplete: ${unknownRoot.message}; give the issuing ` +
        `certificates up to the root (--chain FILE.pem)`,
    );
  }
  if (!path.trusted)
    fail(
      'seal_chain_invalid',
      `The chain of "${name}" does not verify: ${path.problems.map((p) => p.message).join('; ')}`,
    );
  return { certificate: options.certificate, chain: path.chain.slice(1) };
}
