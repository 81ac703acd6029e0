import { createHash } from 'node:crypto';
import { PdfReader } from '../pdf/pdf-reader.js';
import { findSignatureFields, readDocumentSecurityStore, type SignatureEntry } from '../pdf/signature-fields.js';
import { describeChangesAfter } from '../pdf/revision-changes.js';
import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import { checkByteRange, digestRanges, trimDer } from './byte-range.js';
import { inspectCms, inspectTimestampToken, inspectChain, describeCertificate, type ChainCheck, type TimestampCheck } from './crypto-checks.js';
import { hasLongTermMaterial, type LongTermCheck } from './long-term-material.js';
import type { PadesLevel, Problem, SignatureReport, ValidationStatus, VerificationReport } from './verification-report.js';

export interface VerifyOptions {
  bytes: Uint8Array;
  /** DER certificates trusted as roots. */
  trustAnchors: Uint8Array[];
  clock?: Clock;
}

interface Evaluated {
  entry: SignatureEntry;
  report: SignatureReport;
  signedLength: number;
  /** For approval signatures: the chains whose validation data B-LT needs. */
  chains: ChainCheck[];
  signatureTimestamp?: TimestampCheck;
  docTimestamp?: TimestampCheck;
}

/**
 * Verifies every signature and document timestamp of a PDF (ETSI EN 319 102-1 outcomes). Returns a report for any
 * PDF that can be parsed; throws a SeglError only for input that is not a readable PDF.
 */
export function verifyPdf(options: VerifyOptions): VerificationReport {
  const clock = options.clock ?? systemClock;
  const bytes = Buffer.isBuffer(options.bytes) ? options.bytes : Buffer.from(options.bytes.buffer, options.bytes.byteOffset, options.bytes.byteLength);
  const reader = PdfReader.open(bytes);
  const entries = findSignatureFields(reader);
  const dss = readDocumentSecurityStore(reader);
  const evaluated: Evaluated[] = entries
    .map((entry) => evaluateEntry({ entry, bytes, reader, trustAnchors: options.trustAnchors, extraCertificates: dss.certificates, now: clock.now() }))
    .sort((a, b) => a.signedLength - b.signedLength);

  for (const item of evaluated) {
    if (item.report.kind !== 'signature' || item.report.level === null) continue;
    item.report.level = reachedLevel({ item, all: evaluated, bytes, dss, trustAnchors: options.trustAnchors });
  }

  const problems: Problem[] = [];
  const signatures = evaluated.map((item) => item.report);
  let status: ValidationStatus = 'passed';
  if (signatures.length === 0) {
    status = 'indeterminate';
    problems.push({ code: 'no_signatures', message: 'the document has no signatures or document timestamps' });
  }
  for (const report of signatures) {
    if (report.status === 'failed') status = 'failed';
    else if (report.status === 'indeterminate' && status === 'passed') status = 'indeterminate';
  }
  const newest = signatures[signatures.length - 1];
  if (newest && newest.modifiedAfter === 'other') {
    status = 'failed';
    problems.push({ code: 'modified_after_signing', message: `the document was changed after the last signature: ${newest.changesAfter.join('; ')}` });
  }
  const lastApproval = [...signatures].reverse().find((s) => s.kind === 'signature');
  return {
    status,
    valid: status === 'passed',
    level: lastApproval?.level ?? null,
    fileSize: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    revisions: reader.sections.length,
    signatures,
    problems,
    trustAnchors: options.trustAnchors.map(describeCertificate),
    checkedAt: clock.now().toISOString(),
  };
}

function evaluateEntry(options: {
  entry: SignatureEntry;
  bytes: Buffer;
  reader: PdfReader;
  trustAnchors: Uint8Array[];
  extraCertificates: Uint8Array[];
  now: Date;
}): Evaluated {
  const { entry, bytes, reader, trustAnchors, extraCertificates, now } = options;
  const isDocTimestamp = entry.type === 'DocTimeStamp' || entry.subFilter === 'ETSI.RFC3161';
  const problems: Problem[] = [];
  const range = checkByteRange(bytes, entry.byteRange);
  problems.push(...range.problems);
  const report: SignatureReport = {
    kind: isDocTimestamp ? 'doc-timestamp' : 'signature',
    fieldName: entry.fieldName,
    subFilter: entry.subFilter,
    status: 'failed',
    intact: false,
    valid: false,
    trusted: false,
    signer: null,
    signedAt: null,
    timestamp: null,
    byteRange: entry.byteRange,
    coversWholeFile: range.coversWholeFile,
    modifiedAfter: 'none',
    changesAfter: [],
    level: null,
    problems,
  };
  const evaluated: Evaluated = { entry, report, signedLength: range.signedLength, chains: [] };
  if (!range.ok) return evaluated;

  const changes = describeChangesAfter({ bytes, signedLength: range.signedLength, full: reader });
  report.modifiedAfter = changes.kind;
  report.changesAfter = changes.details;
  const container = trimDer(entry.contents);

  if (isDocTimestamp) {
    const check = inspectTimestampToken({
      token: container,
      digestFor: (algorithm) => digestRanges(bytes, entry.byteRange, algorithm),
      trustAnchors,
      extraCertificates,
    });
    evaluated.docTimestamp = check;
    report.intact = check.imprintMatches;
    report.valid = check.signatureValid;
    report.trusted = check.trusted;
    report.signer = check.tsa;
    report.signedAt = check.time;
    report.timestamp = { time: check.time ?? '', tsa: check.tsa?.commonName ?? null, valid: check.imprintMatches && check.signatureValid, trusted: check.trusted };
    problems.push(...check.problems);
  } else {
    const supported = ['ETSI.CAdES.detached', 'adbe.pkcs7.detached'];
    if (!supported.includes(entry.subFilter)) {
      problems.push({ code: 'unsupported_subfilter', message: `signatures of type ${entry.subFilter || '(none)'} cannot be checked` });
      report.status = 'indeterminate';
      return evaluated;
    }
    const cms = inspectCms({ cms: container, digestFor: (algorithm) => digestRanges(bytes, entry.byteRange, algorithm) });
    problems.push(...cms.problems);
    report.intact = cms.intact;
    report.valid = cms.signatureValid;
    report.signedAt = entry.signingTime ? pdfDateToIso(entry.signingTime) : null;
    if (cms.signatureTimestamp) {
      const ts = inspectTimestampToken({
        token: cms.signatureTimestamp,
        digestFor: (algorithm) => createHash(algorithm).update(cms.signatureValue).digest(),
        trustAnchors,
        extraCertificates: [...extraCertificates, ...cms.certificates],
      });
      evaluated.signatureTimestamp = ts;
      report.timestamp = { time: ts.time ?? '', tsa: ts.tsa?.commonName ?? null, valid: ts.imprintMatches && ts.signatureValid, trusted: ts.trusted };
      problems.push(...ts.problems.map((p) => ({ code: `timestamp_${p.code}`, message: `signature timestamp: ${p.message}` })));
      if (report.timestamp.valid && ts.time) report.signedAt = ts.time;
    }
    if (cms.signerCertificate) {
      report.signer = describeCertificate(cms.signerCertificate);
      const at = report.timestamp?.valid && report.timestamp.time ? new Date(report.timestamp.time) : now;
      const chain = inspectChain({ certificate: cms.signerCertificate, intermediates: [...cms.certificates, ...extraCertificates], trustAnchors, at });
      evaluated.chains.push(chain);
      report.trusted = chain.trusted;
      problems.push(...chain.problems);
    } else {
      problems.push({ code: 'signer_certificate_missing', message: 'the signer certificate is not in the signature' });
    }
    if (evaluated.signatureTimestamp?.chain) evaluated.chains.push(evaluated.signatureTimestamp.chain);
    const padesBaseline = entry.subFilter === 'ETSI.CAdES.detached' && cms.hasSigningCertificateV2;
    report.level = report.intact && report.valid && padesBaseline ? 'B-B' : null;
    if (entry.subFilter === 'ETSI.CAdES.detached' && !cms.hasSigningCertificateV2) {
      problems.push({ code: 'no_signing_certificate_attribute', message: 'the signature lacks the signing-certificate-v2 attribute that PAdES requires' });
    }
  }
  const timestampBroken = report.timestamp !== null && !report.timestamp.valid;
  if (!report.intact || !report.valid || timestampBroken) report.status = 'failed';
  else if (!report.trusted || (report.timestamp !== null && !report.timestamp.trusted)) report.status = 'indeterminate';
  else report.status = 'passed';
  return evaluated;
}

function reachedLevel(options: {
  item: Evaluated;
  all: Evaluated[];
  bytes: Buffer;
  dss: ReturnType<typeof readDocumentSecurityStore>;
  trustAnchors: Uint8Array[];
}): PadesLevel | null {
  const { item, all, bytes, dss } = options;
  const later = all.filter((other) => other.signedLength > item.signedLength);
  const laterDocTimestamps = later.filter((other) => other.docTimestamp && other.report.intact && other.report.valid);
  const hasTimestamp = (item.signatureTimestamp?.imprintMatches && item.signatureTimestamp.signatureValid) || laterDocTimestamps.length > 0;
  if (!hasTimestamp) return 'B-B';
  const chains = item.chains.length ? item.chains : [];
  const longTerm = (material: ReturnType<typeof readDocumentSecurityStore>): LongTermCheck => hasLongTermMaterial({ chains, material });
  const final = longTerm(dss);
  if (final.revoked.length) {
    item.report.problems.push({ code: 'certificate_revoked', message: `revoked: ${final.revoked.join(', ')}` });
    item.report.status = 'failed';
  }
  if (!final.complete) return 'B-T';
  for (const stamp of laterDocTimestamps) {
    const prefix = bytes.subarray(0, stamp.signedLength);
    try {
      const atStamp = readDocumentSecurityStore(PdfReader.open(prefix));
      if (hasLongTermMaterial({ chains, material: atStamp }).complete) return 'B-LTA';
    } catch {
      // a revision that cannot be read on its own does not count
    }
  }
  return 'B-LT';
}

function pdfDateToIso(value: string): string | null {
  const match = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(value.trim());
  if (!match) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, tzh = '00', tzm = '00'] = match;
  const offset = sign === '+' || sign === '-' ? `${sign}${tzh}:${tzm}` : 'Z';
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
