import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { createThrowawayP12, P12_PASSPHRASE, type P12Protection } from './p12.js';

/** A baseline: something else done to the same documents, to put our numbers in proportion. */
export interface Baseline {
  name: string;
  description: string;
  /** Set when the baseline had to be adapted to the input (e.g. re-saved first); part of its measured cost. */
  note?: string;
  run: (input: Uint8Array) => unknown;
}

export function sha256Baseline(): Baseline {
  return {
    name: 'sha256',
    description: "crypto.createHash('sha256') over the document: the lower bound, hashing only",
    run: (input) => createHash('sha256').update(input).digest(),
  };
}

export function pdfLibBaseline(): Baseline {
  return {
    name: 'pdfLibRoundTrip',
    description:
      'pdf-lib PDFDocument.load + save({useObjectStreams:false}): what a full-parse signer pays per document',
    run: async (input) => (await PDFDocument.load(input)).save({ useObjectStreams: false }),
  };
}

/** The same SubFilter as our seals (SUBFILTER_ETSI_CADES_DETACHED of @signpdf/utils). */
const SUBFILTER = 'ETSI.CAdES.detached';

interface SignpdfModules {
  signer: { sign(pdf: Buffer): Promise<Buffer> };
  addPlaceholder: (pdf: Buffer) => Buffer;
}

async function loadSignpdf(p12: Buffer): Promise<SignpdfModules> {
  const [{ SignPdf }, { plainAddPlaceholder }, { P12Signer }] = await Promise.all([
    import('@signpdf/signpdf'),
    import('@signpdf/placeholder-plain'),
    import('@signpdf/signer-p12'),
  ]);
  const signPdf = new SignPdf();
  return {
    // A P12Signer is single-use: its sign() decodes the P12 from a forge buffer that the decoding consumes.
    signer: { sign: (pdf) => signPdf.sign(pdf, new P12Signer(p12, { passphrase: P12_PASSPHRASE })) },
    addPlaceholder: (pdfBuffer) =>
      plainAddPlaceholder({
        pdfBuffer,
        reason: 'bench',
        contactInfo: '',
        name: 'Segl bench',
        location: '',
        subFilter: SUBFILTER,
      }),
  };
}

/** A cheap sanity check that the baseline really produced a signed PDF. */
function checkSigned(input: Uint8Array, output: Buffer): void {
  if (output.length <= input.length || output.indexOf('/ByteRange [0 ') < 0)
    throw new Error('signpdf produced no signature');
}

async function resaveWithoutObjectStreams(input: Uint8Array): Promise<Buffer> {
  return Buffer.from(await (await PDFDocument.load(input)).save({ useObjectStreams: false }));
}

const SIGNPDF_VARIANTS: Record<P12Protection, { name: string; key: string }> = {
  'openssl-default': { name: 'signpdf', key: 'P12 as openssl writes it by default (PBKDF2, 2048 iterations)' },
  'no-kdf-iterations': {
    name: 'signpdfCheapKey',
    key: 'P12 with one KDF iteration (the signer decrypts the P12 on every sign(): its best case)',
  },
};

/** The baseline name a signer variant reports under. */
export function signerBaselineName(protection: P12Protection): string {
  return SIGNPDF_VARIANTS[protection].name;
}

/**
 * @signpdf/signpdf with placeholder-plain and signer-p12 (node-forge, RSA-2048), no timestamp: a B-B-equivalent
 * CMS signature. If placeholder-plain cannot read the sample, every document is first re-saved by pdf-lib
 * without object streams, and that cost is counted.
 */
export async function signpdfBaseline(
  workDir: string,
  sample: Uint8Array,
  protection: P12Protection,
): Promise<Baseline> {
  const variant = SIGNPDF_VARIANTS[protection];
  const modules = await loadSignpdf(createThrowawayP12(workDir, protection));
  const asBuffer = (input: Uint8Array) => (Buffer.isBuffer(input) ? input : Buffer.from(input));
  const signDirect = async (input: Uint8Array) => modules.signer.sign(modules.addPlaceholder(asBuffer(input)));
  const baseline: Baseline = {
    name: variant.name,
    description:
      `@signpdf/signpdf 3 + placeholder-plain + signer-p12 (node-forge, RSA-2048), in-process, no ` +
      `timestamp (B-B-equivalent); ${variant.key}`,
    run: signDirect,
  };
  try {
    checkSigned(sample, await signDirect(sample));
  } catch (error) {
    baseline.note =
      `placeholder-plain failed on the sample (${(error as Error).message}); each document is ` +
      `re-saved by pdf-lib without object streams first, counted in the time`;
    baseline.run = async (input) =>
      modules.signer.sign(modules.addPlaceholder(await resaveWithoutObjectStreams(input)));
    checkSigned(sample, (await baseline.run(sample)) as Buffer);
  }
  return baseline;
}
