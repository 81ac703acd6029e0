import { createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { PkiError } from './pki-error.js';

/** What a PKCS#12 (.p12/.pfx) file holds: one private key and the certificates that came with it. */
export interface Pkcs12Contents {
  privateKey: KeyObject;
  /** DER, in the order of the file. */
  certificates: Uint8Array[];
}

const MAX_PKCS12_BYTES = 1024 * 1024;

function unreadable(message: string, cause?: unknown): PkiError {
  return new PkiError({ code: 'seal_key_unreadable', message, cause });
}

const derOf = (node: forge.asn1.Asn1): Uint8Array =>
  new Uint8Array(Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary'));

/**
 * Reads a PKCS#12 file (PBES2/AES as OpenSSL 3 writes it, or the legacy 3DES/RC2 of older exports), checking its
 * MAC with the passphrase first. node-forge decrypts; keys and certificates leave it as DER so that node:crypto and
 * our own X.509 code take over (forge knows RSA only and re-encodes what it understands, which we never trust).
 */
export function readPkcs12(options: { der: Uint8Array; passphrase: string }): Pkcs12Contents {
  if (options.der.byteLength === 0 || options.der.byteLength > MAX_PKCS12_BYTES) {
    throw unreadable(`A PKCS#12 file must be between 1 byte and ${MAX_PKCS12_BYTES} bytes`);
  }
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(options.der).toString('binary')), {
      strict: true,
    } as never);
  } catch (cause) {
    throw unreadable('The file is not a PKCS#12 (DER) file', cause);
  }
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    pfx = forge.pkcs12.pkcs12FromAsn1(asn1, true, options.passphrase);
  } catch (cause) {
    const message = (cause as Error).message ?? '';
    if (/MAC could not be verified|wrong password|Invalid password/i.test(message)) {
      throw new PkiError({ code: 'seal_key_wrong_passphrase', message: 'Wrong passphrase for the PKCS#12 file' });
    }
    throw unreadable(`The PKCS#12 file cannot be read: ${message}`, cause);
  }
  const bags = pfx.safeContents.flatMap((contents) => contents.safeBags);
  const keyBags = bags.filter(
    (bag) => bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag,
  );
  if (keyBags.length === 0) {
    throw new PkiError({ code: 'seal_key_no_private_key', message: 'The PKCS#12 file holds no private key' });
  }
  if (keyBags.length > 1) {
    throw new PkiError({ code: 'seal_key_ambiguous', message: 'The PKCS#12 file holds more than one private key' });
  }
  const keyBag = keyBags[0]!;
  const pkcs8 = keyBag.key
    ? derOf(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)))
    : derOf((keyBag as unknown as { asn1: forge.asn1.Asn1 }).asn1);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw unreadable('The private key in the PKCS#12 file cannot be read', cause);
  } finally {
    pkcs8.fill(0);
  }
  const certificates = bags
    .filter((bag) => bag.type === forge.pki.oids.certBag)
    .map((bag) =>
      bag.cert
        ? derOf(forge.pki.certificateToAsn1(bag.cert))
        : derOf((bag as unknown as { asn1: forge.asn1.Asn1 }).asn1),
    );
  return { privateKey, certificates };
}
