import { createHash } from 'node:crypto';
import type { TrustListHook } from '../crypto/trusted-list-trust.js';
import { qualifyFromTrustLists } from './trust-list-qualification.js';
import { PdfReader } from '../pdf/pdf-reader.js';
import {
  findCertification,
  findSignatureFields,
  readDocumentSecurityStore,
  type SignatureEntry,
} from '../pdf/signature-fields.js';
import { diffAgainstFinal, finalRevisionOf } from '../pdf/revision-diff.js';
import { modificationOf, type Change, type DocMdpLevel } from '../pdf/change-report.js';
import { sameValue } from '../pdf/value-equality.js';
import { isSeglError } from '../lib/errors.js';
import { readCertificate } from '../crypto/certificate-info.js';
import { documentSigningRefusal } from '../crypto/document-signing-use.js';
import { PdfError } from '../pdf/pdf-error.js';
import { type Clock, systemClock } from '../lib/clock.js';
import { checkByteRange, digestRanges, gapHasOneCase, paddingIsZero, signedGapMatches, trimDer } from './byte-range.js';
import {
  inspectCms,
  inspectTimestampToken,
  inspectChain,
  describeCertificate,
  type ChainCheck,
  type TimestampCheck,
} from './crypto-checks.js';
import { hasLongTermMaterial, type LongTermCheck } from './long-term-material.js';
import { VERIFICATION_LIMITS, type VerificationLimits } from './verification-limits.js';
import type {
  DocumentEvidence,
  PadesLevel,
  Problem,
  SignatureReport,
  ValidationStatus,
  VerificationReport,
} from './verification-report.js';

export interface VerifyOptions {
  bytes: Uint8Array;
  /** DER certificates trusted as roots. */
  trustAnchors: Uint8Array[];
  clock?: Clock;
  limits?: Partial<VerificationLimits>;
  /** Trusted lists: their services become trust anchors, and signatures get `qualification`. */
  trustList?: TrustListHook;
}

interface Evaluated {
  entry: SignatureEntry;
  report: SignatureReport;
  signedLength: number;
  /** Problems that make the signature fail whatever else holds (a /ByteRange that is not its own, ...). */
  broken: boolean;
  /** False when the signature's kind cannot be checked at all (its integrity is unknown, not broken). */
  checkable: boolean;
  /** For approval signatures: the chains whose validation data B-LT needs. */
  chains: ChainCheck[];
  signatureTimestamp?: TimestampCheck;
  docTimestamp?: TimestampCheck;
}

/** A file that would cost more than the limits allow: answered as indeterminate, with the reason. */
class LimitExceeded extends Error {}

/**
 * Verifies every signature and document timestamp of a PDF (ETSI EN 319 102-1 outcomes). Returns a report for any
 * PDF that can be parsed; throws a SeglError only for input that is not a readable PDF. Every signature's verdict
 * follows one rule (`statusOf`), and the overall verdict is the worst of them: a change after ANY signature that
 * is neither long-term-validation data nor permitted fails that signature and the document, whatever follows.
 */
export function verifyPdf(options: VerifyOptions): VerificationReport {
  const clock = options.clock ?? systemClock;
  const limits = { ...VERIFICATION_LIMITS, ...options.limits };
  const bytes = Buffer.isBuffer(options.bytes)
    ? options.bytes
    : Buffer.from(options.bytes.buffer, options.bytes.byteOffset, options.bytes.byteLength);
  const startedAt = Date.now();
  const checkDeadline = () => {
    if (Date.now() - startedAt > limits.timeBudgetMs)
      throw new LimitExceeded(`verification took longer than ${limits.timeBudgetMs} ms`);
  };
  let reader: PdfReader;
  try {
    reader = PdfReader.open(bytes);
  } catch (error) {
    if (isSeglError(error)) throw error;
    throw new PdfError({ code: 'pdf_unreadable', message: 'the file cannot be read as a PDF', cause: error });
  }
  const base = {
    fileSize: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    revisions: reader.sections.length,
    trustAnchors: options.trustAnchors.map(describeCertificate),
    checkedAt: clock.now().toISOString(),
  };
  try {
    if (reader.sections.length > limits.maxRevisions)
      throw new LimitExceeded(`the file has more than ${limits.maxRevisions} revisions`);
    const trustAnchors = [...options.trustAnchors, ...(options.trustList?.trustAnchors ?? [])];
    return {
      ...base,
      ...verifyReader({
        reader,
        bytes,
        trustAnchors,
        trustList: options.trustList,
        now: clock.now(),
        limits,
        checkDeadline,
      }),
    };
  } catch (error) {
    const limit =
      error instanceof LimitExceeded
        ? error.message
        : isSeglError(error) && error.code === 'pdf_too_many_objects'
          ? error.message
          : undefined;
    if (limit === undefined && isSeglError(error)) throw error;
    // Anything else is a file we failed to understand: say so (never a crash, never a verdict).
    if (limit === undefined) {
      throw new PdfError({
        code: 'pdf_unverifiable',
        message: 'the file could not be verified: its structure is not understood',
        cause: error,
      });
    }
    return {
      ...base,
      status: 'indeterminate',
      valid: false,
      evidence: 'unsigned',
      level: null,
      signatures: [],
      problems: [{ code: 'verification_limit', message: `the file was not verified: ${limit}` }],
    };
  }
}

type Verdict = Pick<VerificationReport, 'status' | 'valid' | 'evidence' | 'level' | 'signatures' | 'problems'>;

function verifyReader(options: {
  reader: PdfReader;
  bytes: Buffer;
  trustAnchors: Uint8Array[];
  trustList?: TrustListHook;
  now: Date;
  limits: VerificationLimits;
  checkDeadline: () => void;
}): Verdict {
  const { reader, bytes, trustAnchors, now, limits, checkDeadline } = options;
  const fields = findSignatureFields(reader, { maxFields: limits.maxFields });
  if (fields.truncated) throw new LimitExceeded(`the form has more than ${limits.maxFields} fields`);
  if (fields.entries.length > limits.maxSignatures)
    throw new LimitExceeded(`the file has more than ${limits.maxSignatures} signatures`);
  const dss = readDocumentSecurityStore(reader);
  const final = finalRevisionOf(reader, { maxObjects: limits.maxObjects, checkDeadline });
  // Each signed revision is opened once, whatever needs it (the change analysis, the signature's own dictionary,
  // the DSS as of a document timestamp).
  const revisions = new Map<number, PdfReader>();
  const revisionAt = (length: number): PdfReader => {
    let revision = revisions.get(length);
    if (!revision) {
      revision = PdfReader.open(bytes.subarray(0, length));
      revisions.set(length, revision);
    }
    return revision;
  };
  const evaluated = fields.entries
    .map((entry) => {
      checkDeadline();
      return evaluateEntry({
        entry,
        bytes,
        reader,
        revisionAt,
        trustAnchors,
        extraCertificates: dss.certificates,
        now,
      });
    })
    .sort((a, b) => a.signedLength - b.signedLength);

  // a certification is the document's first signature (§12.8.2.2), and permits only when it verifies: a later one,
  // or one with garbage for a signature, certifies nothing
  const certification = safely(() => findCertification(reader));
  const first = evaluated.find((item) => item.signedLength > 0);
  const certifiedBy = certification?.valueRef?.num;
  const certified =
    certifiedBy !== undefined &&
    first?.entry.valueRef?.num === certifiedBy &&
    first.report.intact &&
    first.report.valid &&
    !first.broken
      ? first
      : undefined;
  for (const item of evaluated) {
    if (item.signedLength === 0) continue;
    checkDeadline();
    const docMdp: DocMdpLevel | undefined =
      certified && certified.signedLength <= item.signedLength ? certification?.permissions : undefined;
    const diff = diffAgainstFinal({
      final,
      signedLength: item.signedLength,
      docMdp,
      signedRevision: () => revisionAt(item.signedLength),
    });
    const changes = item.report.intact || !item.checkable ? diff.changes : [signedBytesChange(), ...diff.changes];
    setChanges(item.report, changes);
  }
  for (const item of evaluated) {
    if (item.report.kind !== 'signature' || item.report.level === null) continue;
    item.report.level = reachedLevel({ item, all: evaluated, revisionAt, dss });
  }
  for (const item of evaluated) item.report.status = statusOf(item);
  const trustList = options.trustList;
  if (trustList)
    for (const item of evaluated) item.report.qualification = qualifyFromTrustLists({ trustList, ...item, now });

  const signatures = evaluated.map((item) => item.report);
  const problems: Problem[] = [];
  let status: ValidationStatus = 'passed';
  if (signatures.length === 0) {
    status = 'indeterminate';
    problems.push({ code: 'no_signatures', message: 'the document has no signatures or document timestamps' });
  }
  for (const report of signatures) {
    if (report.status === 'failed') status = 'failed';
    else if (report.status === 'indeterminate' && status === 'passed') status = 'indeterminate';
  }
  const firstChanged = signatures.find((report) => report.modifiedAfter === 'other');
  if (firstChanged) {
    const what = firstChanged.changes.filter((change) => change.level === 'other').map((change) => change.description);
    const label = firstChanged.kind === 'doc-timestamp' ? 'document timestamp' : 'signature';
    problems.push({
      code: 'modified_after_signing',
      message: `the document was changed after the ${label} "${firstChanged.fieldName}": ${what.join('; ')}`,
    });
  }
  const evidence: DocumentEvidence = signatures.some((s) => s.kind === 'signature')
    ? 'signed'
    : signatures.length
      ? 'timestamped'
      : 'unsigned';
  if (evidence === 'timestamped') {
    problems.push({
      code: 'timestamped_only',
      message: 'the document is only timestamped: no signature or seal says who vouches for it',
    });
  }
  const lastApproval = [...signatures].reverse().find((s) => s.kind === 'signature');
  return {
    status,
    valid: status === 'passed',
    evidence,
    level: status === 'failed' ? null : (lastApproval?.level ?? null),
    signatures,
    problems,
  };
}

/** The one rule for a signature's verdict, so that status, integrity and changes never contradict each other. */
function statusOf(item: Evaluated): ValidationStatus {
  const report = item.report;
  const timestampBroken = report.timestamp !== null && !report.timestamp.valid;
  const revoked = report.problems.some((problem) => problem.code === 'certificate_revoked');
  if (item.broken || revoked || report.modifiedAfter === 'other') return 'failed';
  if (!item.checkable) return 'indeterminate';
  if (!report.intact || !report.valid || timestampBroken) return 'failed';
  if (!report.trusted || (report.timestamp !== null && !report.timestamp.trusted)) return 'indeterminate';
  return 'passed';
}

function setChanges(report: SignatureReport, changes: Change[]): void {
  report.changes = changes;
  report.changesAfter = changes.map((change) => change.description);
  report.modifiedAfter = modificationOf(changes);
}

function signedBytesChange(): Change {
  return {
    kind: 'signed-bytes',
    level: 'other',
    description: 'the signed bytes no longer match the signature',
    objects: [],
    pages: [],
  };
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function evaluateEntry(options: {
  entry: SignatureEntry;
  bytes: Buffer;
  reader: PdfReader;
  revisionAt: (length: number) => PdfReader;
  trustAnchors: Uint8Array[];
  extraCertificates: Uint8Array[];
  now: Date;
}): Evaluated {
  const { entry, bytes, reader, revisionAt, trustAnchors, extraCertificates, now } = options;
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
    modifiedAfter: 'other',
    changesAfter: [],
    changes: [],
    fieldCount: entry.fieldCount,
    level: null,
    problems,
  };
  const evaluated: Evaluated = {
    entry,
    report,
    signedLength: range.ok ? range.signedLength : 0,
    broken: !range.ok,
    checkable: true,
    chains: [],
  };
  if (entry.fieldCount > 1) {
    problems.push({
      code: 'duplicate_signature_fields',
      message: `${entry.fieldCount} form fields name this one signature; it counts once`,
    });
  }
  if (!range.ok) {
    setChanges(report, [
      {
        kind: 'signed-bytes',
        level: 'other',
        description: 'what the signature covers cannot be determined',
        objects: [],
        pages: [],
      },
    ]);
    return evaluated;
  }
  if (!signedGapMatches(bytes, entry.byteRange, entry.contents)) {
    evaluated.broken = true;
    problems.push({
      code: 'byte_range_not_contents',
      message: "the bytes left out of the signature are not this signature's /Contents",
    });
  }
  if (!gapHasOneCase(bytes, entry.byteRange)) {
    evaluated.broken = true;
    problems.push({
      code: 'contents_altered',
      message: 'the hex digits of /Contents mix upper and lower case: the unsigned gap was edited',
    });
  }
  if (!paddingIsZero(entry.contents)) {
    evaluated.broken = true;
    problems.push({
      code: 'contents_padding_altered',
      message: 'the unused room after the signature in /Contents is not zeros',
    });
  }
  if (!signatureInItsRevision(reader, entry, () => revisionAt(range.signedLength))) {
    evaluated.broken = true;
    problems.push({
      code: 'signature_outside_signed_revision',
      message: 'the signature dictionary is not part of the revision it signs',
    });
  }
  const container = trimDer(entry.contents);

  if (isDocTimestamp) {
    const check = inspectTimestampToken({
      token: container,
      digestFor: (algorithm) => digestRanges(bytes, entry.byteRange, algorithm),
      trustAnchors,
      extraCertificates,
    });
    evaluated.docTimestamp = check;
    if (check.containerProblems.length) evaluated.broken = true;
    report.intact = check.imprintMatches;
    report.valid = check.signatureValid;
    report.trusted = check.trusted;
    report.signer = check.tsa;
    report.signedAt = check.time;
    report.timestamp = {
      time: check.time ?? '',
      tsa: check.tsa?.commonName ?? null,
      valid: check.imprintMatches && check.signatureValid,
      trusted: check.trusted,
    };
    problems.push(...check.problems);
    return evaluated;
  }
  const supported = ['ETSI.CAdES.detached', 'adbe.pkcs7.detached'];
  if (!supported.includes(entry.subFilter)) {
    problems.push({
      code: 'unsupported_subfilter',
      message: `signatures of type ${entry.subFilter || '(none)'} cannot be checked`,
    });
    evaluated.checkable = false;
    return evaluated;
  }
  const cms = inspectCms({
    cms: container,
    digestFor: (algorithm) => digestRanges(bytes, entry.byteRange, algorithm),
    knownCertificates: [...extraCertificates, ...trustAnchors],
  });
  problems.push(...cms.problems, ...cms.containerProblems);
  if (cms.containerProblems.length) evaluated.broken = true;
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
    report.timestamp = {
      time: ts.time ?? '',
      tsa: ts.tsa?.commonName ?? null,
      valid: ts.imprintMatches && ts.signatureValid,
      trusted: ts.trusted,
    };
    problems.push(
      ...ts.problems.map((p) => ({ code: `timestamp_${p.code}`, message: `signature timestamp: ${p.message}` })),
    );
    if (report.timestamp.valid && ts.time) report.signedAt = ts.time;
  }
  const signerCertificate = cms.signerCertificate;
  if (signerCertificate) {
    report.signer = describeCertificate(signerCertificate);
    const at = report.timestamp?.valid && report.timestamp.time ? new Date(report.timestamp.time) : now;
    const chain = inspectChain({
      certificate: signerCertificate,
      intermediates: [...cms.certificates, ...extraCertificates],
      trustAnchors,
      at,
    });
    evaluated.chains.push(chain);
    report.trusted = chain.trusted;
    problems.push(...chain.problems);
    const refusal = safely(() => documentSigningRefusal(readCertificate(signerCertificate)));
    if (refusal) {
      // a TSA's or OCSP responder's key vouches for times and statuses, never for a document: not a trusted signer
      report.trusted = false;
      problems.push({
        code: 'signer_certificate_purpose',
        message: `the signer's certificate may not sign: ${refusal}`,
      });
    }
  } else {
    problems.push({ code: 'signer_certificate_missing', message: 'the signer certificate is not in the signature' });
  }
  if (evaluated.signatureTimestamp?.chain) evaluated.chains.push(evaluated.signatureTimestamp.chain);
  const padesBaseline = entry.subFilter === 'ETSI.CAdES.detached' && cms.hasSigningCertificateV2;
  report.level = report.intact && report.valid && padesBaseline ? 'B-B' : null;
  if (entry.subFilter === 'ETSI.CAdES.detached' && !cms.hasSigningCertificateV2) {
    problems.push({
      code: 'no_signing_certificate_attribute',
      message: 'the signature lacks the signing-certificate-v2 attribute that PAdES requires',
    });
  }
  return evaluated;
}

/** The signature dictionary must be an object of the revision it signs, unchanged since (it holds /ByteRange). */
function signatureInItsRevision(reader: PdfReader, entry: SignatureEntry, signedRevision: () => PdfReader): boolean {
  if (!entry.valueRef) return true; // a direct dictionary lives inside its field, which the change analysis covers
  try {
    const signed = signedRevision();
    if (!signed.defines(entry.valueRef.num)) return false;
    return sameValue(signed.lookup(entry.valueRef), reader.lookup(entry.valueRef));
  } catch {
    return false;
  }
}

function reachedLevel(options: {
  item: Evaluated;
  all: Evaluated[];
  revisionAt: (length: number) => PdfReader;
  dss: ReturnType<typeof readDocumentSecurityStore>;
}): PadesLevel | null {
  const { item, all, revisionAt, dss } = options;
  const later = all.filter((other) => other.signedLength > item.signedLength);
  const laterDocTimestamps = later.filter(
    (other) => other.docTimestamp && other.report.intact && other.report.valid && !other.broken,
  );
  const hasTimestamp =
    (item.signatureTimestamp?.imprintMatches && item.signatureTimestamp.signatureValid) ||
    laterDocTimestamps.length > 0;
  if (!hasTimestamp) return 'B-B';
  const chains = item.chains.length ? item.chains : [];
  const proofs = [
    item.signatureTimestamp?.imprintMatches && item.signatureTimestamp.signatureValid
      ? item.signatureTimestamp.time
      : null,
    ...laterDocTimestamps.map((stamp) => stamp.docTimestamp?.time ?? null),
  ].flatMap((time) => (time ? [new Date(time).getTime()] : []));
  const provenAt = proofs.length ? new Date(Math.min(...proofs)) : undefined;
  const final: LongTermCheck = hasLongTermMaterial({ chains, material: dss, provenAt });
  if (final.revoked.length) {
    item.report.problems.push({ code: 'certificate_revoked', message: `revoked: ${final.revoked.join(', ')}` });
  }
  if (!final.complete) return 'B-T';
  for (const stamp of laterDocTimestamps) {
    try {
      const atStamp = readDocumentSecurityStore(revisionAt(stamp.signedLength));
      if (hasLongTermMaterial({ chains, material: atStamp, provenAt }).complete) return 'B-LTA';
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
