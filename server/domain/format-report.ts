import type { SignatureReport, VerificationReport } from '../pades/verification-report.js';

const VERDICT: Record<VerificationReport['status'], string> = {
  passed: 'PASSED: every signature is intact, valid and trusted, and nothing was changed that is not allowed',
  failed: 'FAILED: a signature is broken or the document was changed after signing',
  indeterminate: 'INDETERMINATE: the signatures are intact, but not everything could be confirmed',
};

const EVIDENCE: Record<VerificationReport['evidence'], string> = {
  signed: 'Signed or sealed',
  timestamped: 'Only timestamped (no signature or seal)',
  unsigned: 'No signatures',
};

const CHANGES: Record<SignatureReport['modifiedAfter'], string> = {
  none: 'nothing changed after it',
  'lta-updates': 'only validation data and document timestamps were added after it',
  permitted: 'only allowed changes followed it (new signatures, or what a certification permits)',
  other: 'the document was CHANGED after it',
};

/** The verification report as plain text for a terminal. */
export function formatReport(report: VerificationReport): string {
  const lines: string[] = [
    VERDICT[report.status],
    `Document: ${EVIDENCE[report.evidence]}`,
    `PAdES level: ${report.level ?? 'none'}`,
    `SHA-256: ${report.sha256}`,
    '',
  ];
  report.signatures.forEach((signature, index) => {
    const who = signature.signer?.commonName ?? signature.signer?.subject ?? 'unknown signer';
    const title = signature.kind === 'doc-timestamp' ? 'Document timestamp' : 'Signature';
    lines.push(
      `${index + 1}. ${title} "${signature.fieldName}" (${signature.subFilter}): ${signature.status.toUpperCase()}`,
    );
    const byWhom = signature.kind === 'doc-timestamp' ? 'timestamped by' : 'signed by';
    const when = signature.signedAt ? ` at ${signature.signedAt}` : '';
    lines.push(`   ${byWhom}: ${who}${when}`);
    lines.push(
      `   intact: ${yes(signature.intact)}, signature valid: ${yes(signature.valid)}, ` +
        `trusted: ${yes(signature.trusted)}`,
    );
    if (signature.timestamp && signature.kind === 'signature') {
      lines.push(
        `   timestamp: ${signature.timestamp.time} by ${signature.timestamp.tsa ?? 'unknown TSA'} ` +
          `(valid: ${yes(signature.timestamp.valid)}, trusted: ${yes(signature.timestamp.trusted)})`,
      );
    }
    if (signature.level) lines.push(`   level: ${signature.level}`);
    const q = signature.qualification;
    if (q) {
      const kinds = [
        q.qualifiedForSeal && 'qualified for seals',
        q.qualifiedForSignature && 'qualified for signatures',
        q.qscd && 'key in a QSCD',
      ].filter(Boolean);
      const qualifiedAs = kinds.join(', ') || 'certificate not qualified';
      const timestampQualified = q.qualifiedTimestamp ? 'qualified' : 'not qualified';
      lines.push(
        `   trusted list (${q.territory ?? '?'}, ${q.provider ?? '?'}): ${qualifiedAs}; ` +
          `timestamp ${timestampQualified}`,
      );
    }
    lines.push(`   covers the whole file: ${yes(signature.coversWholeFile)}; ${CHANGES[signature.modifiedAfter]}`);
    for (const change of signature.changes)
      lines.push(`   ${change.level === 'other' ? '!' : '-'} ${change.description}`);
    for (const problem of signature.problems) lines.push(`   ! ${problem.message} [${problem.code}]`);
  });
  for (const problem of report.problems) lines.push(`! ${problem.message} [${problem.code}]`);
  return `${lines.join('\n')}\n`;
}

function yes(value: boolean): string {
  return value ? 'yes' : 'no';
}
