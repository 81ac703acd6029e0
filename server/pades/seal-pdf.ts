import { createHash } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { PdfReader } from '../pdf/pdf-reader.js';
import type { GrowableBuffer } from '../pdf/growable-buffer.js';
import {
  appendSignaturePlaceholder,
  digestByteRange,
  embedSignatureContainer,
  type SignatureKind,
} from '../pdf/signature-placeholder.js';
import { appendDocumentSecurityStore, type ValidationMaterial } from '../pdf/document-security-store.js';
import { PdfError } from '../pdf/pdf-error.js';
import type { SealIdentity } from '../crypto/signing-identity.js';
import { createSignedDataWithSigner, addUnsignedAttribute, signatureValueOf } from '../crypto/cms-signed-data.js';
import { OID } from '../crypto/oids.js';
import { parseSignedData } from '../crypto/cms-parse.js';
import { levelAtLeast } from './pades-level.js';
import type { PadesLevel } from './verification-report.js';

/** Obtains an RFC 3161 timestamp token (DER ContentInfo) over a SHA-256 digest; throws when no TSA answers. */
export type TimestampFunction = (digest: Uint8Array) => Promise<Uint8Array>;

/** Collects certificates and revocation data (OCSP, CRL) for every certificate given, for the DSS. */
export type ValidationMaterialFunction = (certificates: Uint8Array[]) => Promise<ValidationMaterial>;

export interface SealOptions {
  file: GrowableBuffer;
  level: PadesLevel;
  identity: SealIdentity;
  timestamp: TimestampFunction;
  validationMaterial: ValidationMaterialFunction;
  clock: Clock;
  reason?: string;
  location?: string;
  name?: string;
}

export interface SealResult {
  level: PadesLevel;
  fieldName: string;
  timestampFieldName?: string;
}

/** Room for one RFC 3161 token with its certificates; tokens from external TSAs with long chains get a retry. */
const TIMESTAMP_ALLOWANCE = 9 * 1024;

async function withCapacity<T>(
  file: GrowableBuffer,
  firstGuess: number,
  attempt: (capacity: number) => Promise<T>,
): Promise<T> {
  const mark = file.length;
  try {
    return await attempt(firstGuess);
  } catch (error) {
    if (!(error instanceof PdfError) || error.code !== 'signature_too_large') throw error;
    const needed = error.details?.neededBytes ?? firstGuess * 2;
    file.truncate(mark);
    return attempt(needed + 4096);
  }
}

/** Places one signature or document timestamp: placeholder, digest of the byte ranges, container, embedded. */
async function placeSignature(options: {
  file: GrowableBuffer;
  signature: SignatureKind;
  capacity: number;
  validate: boolean;
  makeContainer: (digest: Buffer) => Promise<Uint8Array>;
}): Promise<{ fieldName: string; contents: Uint8Array }> {
  return withCapacity(options.file, options.capacity, async (capacity) => {
    const reader = PdfReader.open(options.file.view());
    const placeholder = appendSignaturePlaceholder({
      file: options.file,
      reader,
      signature: options.signature,
      capacity,
      validate: options.validate,
    });
    const container = await options.makeContainer(digestByteRange(options.file, placeholder));
    embedSignatureContainer(options.file, placeholder, container);
    const contents = Buffer.alloc(placeholder.capacity);
    contents.set(container);
    return { fieldName: placeholder.fieldName, contents };
  });
}

/** Certificates embedded in a CMS container (the TSA's, for the DSS). */
function extractCertificates(cms: Uint8Array): Uint8Array[] {
  return parseSignedData(cms).certificates;
}

/**
 * Seals a PDF as PAdES baseline B-B, B-T, B-LT or B-LTA by incremental updates only: the input stays a
 * byte-identical prefix of the output.
 */
export async function sealPdf(options: SealOptions): Promise<SealResult> {
  const { file, level, identity, clock } = options;
  const certificateBytes = [identity.certificate, ...identity.chain].reduce((sum, c) => sum + c.length, 0);
  const withTimestamp = levelAtLeast(level, 'B-T');
  let tokenCertificates: Uint8Array[] = [];

  const { fieldName, contents } = await placeSignature({
    file,
    signature: {
      kind: 'signature',
      subFilter: 'ETSI.CAdES.detached',
      signingTime: clock.now(),
      name: options.name,
      reason: options.reason,
      location: options.location,
    },
    capacity: certificateBytes + 2048 + (withTimestamp ? TIMESTAMP_ALLOWANCE : 0),
    validate: true,
    makeContainer: async (digest) => {
      let cms = await createSignedDataWithSigner({
        identity,
        contentType: OID.data,
        contentDigest: digest,
        includeChain: true,
      });
      if (withTimestamp) {
        const imprint = createHash('sha256').update(signatureValueOf(cms)).digest();
        const token = await options.timestamp(imprint);
        tokenCertificates = extractCertificates(token);
        cms = addUnsignedAttribute({ cms, type: OID.signatureTimeStampToken, value: token });
      }
      return cms;
    },
  });
  if (!levelAtLeast(level, 'B-LT')) return { level, fieldName };

  const material = await options.validationMaterial([identity.certificate, ...identity.chain, ...tokenCertificates]);
  // The VRI key is the SHA-1 of the whole /Contents string, padding included (ETSI EN 319 142-1 §5.4.2.2).
  const vriKey = createHash('sha1').update(contents).digest('hex').toUpperCase();
  appendDocumentSecurityStore({ file, reader: PdfReader.open(file.view()), entries: [{ vriKey, material }] });
  if (!levelAtLeast(level, 'B-LTA')) return { level, fieldName };

  const stamp = await addDocumentTimestamp({ file, timestamp: options.timestamp });
  return { level, fieldName, timestampFieldName: stamp.fieldName };
}

/** Appends a document timestamp (B-LTA archive timestamp) over the whole file as it is now. */
export async function addDocumentTimestamp(options: {
  file: GrowableBuffer;
  timestamp: TimestampFunction;
}): Promise<{ fieldName: string; contents: Uint8Array }> {
  return placeSignature({
    file: options.file,
    signature: { kind: 'doc-timestamp' },
    capacity: TIMESTAMP_ALLOWANCE,
    validate: false,
    makeContainer: (digest) => options.timestamp(digest),
  });
}
