import { createHash, createPublicKey } from 'node:crypto';
import { PdfReader } from '../pdf/pdf-reader.js';
import type { GrowableBuffer } from '../pdf/growable-buffer.js';
import { findSignatureFields } from '../pdf/signature-fields.js';
import { appendDocumentSecurityStore } from '../pdf/document-security-store.js';
import { parseSignedData } from '../crypto/cms-parse.js';
import { parseTimestampToken, hasTimestampingEku } from '../crypto/timestamp-token.js';
import { readCertificate } from '../crypto/certificate-info.js';
import { hashNameOf } from '../crypto/hash-algorithms.js';
import { PdfError } from '../pdf/pdf-error.js';
import { trimDer } from './byte-range.js';
import { addDocumentTimestamp, type TimestampFunction, type ValidationMaterialFunction } from './seal-pdf.js';

/**
 * Long-term archive renewal (PAdES B-LTA, ETSI EN 319 142-1 §5.5; pyHanko's `ltaupdate`): before the newest
 * document timestamp's TSA certificate expires, or when an algorithm it relies on is no longer trusted, add the
 * validation data for that timestamp (DSS) and a new document timestamp over everything, as incremental updates.
 */

export interface ArchiveTimestamp {
  fieldName: string;
  genTime: Date;
  /** The TSA certificate that signed it. */
  tsaCertificate: Uint8Array;
  /** When that certificate expires: the timestamp must be renewed before then. */
  expiresAt: Date;
  /** What it relies on, as SEGL_LTA_RETIRED_ALGORITHMS names them: digests and key type-size (`rsa-2048`, `ec-256`). */
  algorithms: string[];
  /** Certificates the token carries (the TSA's chain). */
  certificates: Uint8Array[];
}

function keyAlgorithm(certificate: Uint8Array): string {
  const info = readCertificate(certificate);
  const key = createPublicKey({ key: Buffer.from(info.spki), format: 'der', type: 'spki' });
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') return `rsa-${details?.modulusLength ?? 0}`;
  const curveBits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };
  return `${key.asymmetricKeyType ?? 'unknown'}-${curveBits[details?.namedCurve ?? ''] ?? 0}`;
}

/**
 * The newest document timestamp of the file (the one renewal must protect), or undefined when it has none (a file
 * sealed below B-LTA). Throws `lta_unreadable` when the timestamp cannot be read.
 */
export function findNewestArchiveTimestamp(bytes: Uint8Array): ArchiveTimestamp | undefined {
  const reader = PdfReader.open(bytes);
  const stamps = findSignatureFields(reader).entries.filter(
    (entry) => entry.type === 'DocTimeStamp' || entry.subFilter === 'ETSI.RFC3161',
  );
  const newest = stamps
    .sort((a, b) => (a.byteRange[2] ?? 0) + (a.byteRange[3] ?? 0) - ((b.byteRange[2] ?? 0) + (b.byteRange[3] ?? 0)))
    .at(-1);
  if (!newest) return undefined;
  return describeArchiveTimestamp(newest.fieldName, newest.contents);
}

/** What renewal needs to know about one document timestamp, from its /Contents. */
function describeArchiveTimestamp(fieldName: string, contents: Uint8Array): ArchiveTimestamp {
  try {
    const token = trimDer(contents);
    const parsed = parseTimestampToken(token);
    const signer = parseSignedData(token).signerInfos[0];
    const tsaCertificate = parsed.certificates.find(hasTimestampingEku) ?? parsed.certificates[0];
    if (!tsaCertificate) {
      throw new PdfError({ code: 'lta_unreadable', message: 'the token carries no TSA certificate' });
    }
    const digests = [parsed.hashAlgorithmName, signer ? hashNameOf(signer.digestAlgorithm) : undefined].filter(
      (name): name is string => Boolean(name),
    );
    return {
      fieldName,
      genTime: parsed.genTime,
      tsaCertificate,
      expiresAt: readCertificate(tsaCertificate).notAfter,
      algorithms: [...new Set([...digests, keyAlgorithm(tsaCertificate)])],
      certificates: parsed.certificates,
    };
  } catch (cause) {
    throw new PdfError({
      code: 'lta_unreadable',
      message: `The document timestamp ${fieldName} cannot be read`,
      cause,
    });
  }
}

/** Whether an algorithm in use is retired: digests by name, keys when no larger than a retired size of their type. */
export function isRetired(algorithm: string, retired: string[]): boolean {
  if (retired.includes(algorithm)) return true;
  const [type, bits] = algorithm.split('-');
  return retired.some((name) => {
    const [retiredType, retiredBits] = name.split('-');
    return (
      retiredType === type && bits !== undefined && retiredBits !== undefined && Number(bits) <= Number(retiredBits)
    );
  });
}

export type RenewalReason = 'expiring' | 'retired-algorithm';

export function renewalReason(options: {
  stamp: ArchiveTimestamp;
  now: Date;
  horizonDays: number;
  retired: string[];
}): RenewalReason | undefined {
  if (options.stamp.algorithms.some((algorithm) => isRetired(algorithm, options.retired))) return 'retired-algorithm';
  if (options.stamp.expiresAt.getTime() - options.now.getTime() <= options.horizonDays * 86_400_000) return 'expiring';
  return undefined;
}

/**
 * Adds the validation data of the newest document timestamp (its TSA chain with OCSP/CRL, in the DSS with a VRI
 * entry) and a new document timestamp. Fails (changing nothing the caller keeps) when either cannot be obtained.
 */
export async function renewArchiveTimestamp(options: {
  file: GrowableBuffer;
  timestamp: TimestampFunction;
  validationMaterial: ValidationMaterialFunction;
}): Promise<{ previous: ArchiveTimestamp; renewed: ArchiveTimestamp }> {
  const previous = findNewestArchiveTimestamp(options.file.view());
  if (!previous) {
    throw new PdfError({ code: 'lta_missing', message: 'The document has no document timestamp to renew (not B-LTA)' });
  }
  const material = await options.validationMaterial([previous.tsaCertificate, ...previous.certificates]);
  const reader = PdfReader.open(options.file.view());
  const entry = findSignatureFields(reader).entries.find((field) => field.fieldName === previous.fieldName)!;
  // The VRI key is the SHA-1 of the whole /Contents string, padding included (ETSI EN 319 142-1 §5.4.2.2).
  const vriKey = createHash('sha1').update(entry.contents).digest('hex').toUpperCase();
  appendDocumentSecurityStore({ file: options.file, reader, entries: [{ vriKey, material }] });
  const stamp = await addDocumentTimestamp({ file: options.file, timestamp: options.timestamp });
  return { previous, renewed: describeArchiveTimestamp(stamp.fieldName, stamp.contents) };
}
