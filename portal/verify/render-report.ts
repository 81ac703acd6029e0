import type { FileReport, SignatureReport } from './api.js';
import { formatTime, h, icon } from '../shared/dom.js';
import type { Dictionary } from './i18n/dictionary.js';
import { normalizeCode } from './code.js';

const VERDICT_LOOK = {
  passed: { tone: 'ok', icon: 'ok' },
  failed: { tone: 'bad', icon: 'bad' },
  indeterminate: { tone: 'warn', icon: 'info' },
} as const;

function row(term: string, value: string, className?: string): HTMLElement {
  return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', className ? { class: className } : {}, value));
}

/** What the signature check says, from the same facts as the verdict: never "intact" beside "not valid". */
function checkText(signature: SignatureReport, t: Dictionary): string {
  const problems = signature.problems ?? [];
  if (problems.some((p) => p.code === 'certificate_revoked')) return t.revoked;
  if (!signature.intact || !signature.valid) return t.brokenSignature;
  if (signature.status === 'failed' && signature.modifiedAfter !== 'other') return t.tamperedSignature;
  return signature.trusted ? t.trusted : t.unknownIssuer;
}

function renderChanges(signature: SignatureReport, t: Dictionary): HTMLElement | null {
  const changes = (signature.changes ?? []).filter((change) =>
    signature.modifiedAfter === 'other' ? change.level === 'other' : true,
  );
  if (!changes.length || signature.modifiedAfter === 'none') return null;
  return h(
    'ul',
    { class: 'changes' },
    ...changes.map((change) => {
      const label = t.changeKind[change.kind] ?? t.changeKind.object;
      const pages = change.pages?.length ? ` (${t.onPages(change.pages)})` : '';
      return h('li', { 'data-kind': change.kind, 'data-level': change.level }, `${label}${pages}`);
    }),
  );
}

function renderSignature(signature: SignatureReport, index: number, t: Dictionary): HTMLElement {
  const look = VERDICT_LOOK[signature.status] ?? VERDICT_LOOK.indeterminate;
  const who = signature.signer?.commonName ?? signature.signer?.subject ?? t.unknownName;
  const facts = h('dl', { class: 'facts compact' });
  const stamp = signature.kind === 'doc-timestamp';
  facts.append(row(stamp ? t.timestampedBy : t.signedBy, who));
  const when = formatTime(signature.timestamp?.time ?? signature.signedAt, t.locale);
  if (when) facts.append(row(t.time, when));
  facts.append(row(t.certificate, checkText(signature, t)));
  if (!stamp && signature.timestamp) {
    const tsa = signature.timestamp.tsa ?? t.unknownName;
    facts.append(row(t.timestampedBy, `${tsa} · ${formatTime(signature.timestamp.time, t.locale) ?? ''}`));
  }
  if (signature.level && signature.status !== 'failed')
    facts.append(row(t.signatureLevel, t.levelName(signature.level)));
  facts.append(row(t.changedAfter, t.changes[signature.modifiedAfter] ?? signature.modifiedAfter));
  const changes = renderChanges(signature, t);
  const technical = [
    ...(signature.problems ?? []).map((p) => p.message),
    ...(signature.changes ?? []).map((change) => change.description),
  ];
  return h(
    'li',
    { class: `signature tone-${look.tone}`, 'data-status': signature.status, 'data-modified': signature.modifiedAfter },
    h(
      'div',
      { class: 'signature-head' },
      h('span', { class: 'signature-title' }, `${index + 1}. ${t.signatureKind[signature.kind] ?? signature.kind}`),
      h('span', { class: 'pill' }, icon(look.icon), t.signatureStatus[signature.status]),
    ),
    facts,
    changes,
    technical.length
      ? h(
          'details',
          { class: 'tech' },
          h('summary', {}, t.details),
          h('ul', {}, ...[...new Set(technical)].map((text) => h('li', {}, text))),
        )
      : null,
  );
}

/** The full validation report in plain words: the verdict, then each signature. */
export function renderReport(report: FileReport, t: Dictionary): HTMLElement {
  const status = report.signatures.length === 0 ? 'failed' : report.status;
  const timestampedOnly = report.evidence === 'timestamped';
  // A genuine timestamp is not a signature: informative, never the green "valid" of a signed document.
  const look =
    timestampedOnly && status === 'passed'
      ? VERDICT_LOOK.indeterminate
      : (VERDICT_LOOK[status] ?? VERDICT_LOOK.indeterminate);
  const known = report.knownDocument?.code ? normalizeCode(report.knownDocument.code) : undefined;
  const limited = report.problems.some((problem) => problem.code === 'verification_limit');
  const title = timestampedOnly ? t.timestampedTitle[status] : t.verdictTitle[status];
  const text = limited
    ? t.limitText
    : report.signatures.length === 0
      ? t.noSignatures
      : timestampedOnly && status === 'passed'
        ? t.timestampedText
        : t.verdictText[status];
  const facts = h('dl', { class: 'facts' }, row(t.fieldLevel, report.level ? t.levelName(report.level) : t.levelNone));
  if (report.sha256) facts.append(row(t.fieldFingerprint, report.sha256, 'mono hash'));
  const verdict =
    report.signatures.length === 0 ? 'none' : timestampedOnly ? `timestamped-${report.status}` : report.status;
  return h(
    'article',
    {
      class: `result tone-${look.tone}`,
      'data-verdict': verdict,
      'data-evidence': report.evidence ?? 'signed',
      'aria-labelledby': 'verdict-title',
    },
    h(
      'div',
      { class: 'result-head' },
      h('span', { class: 'badge-icon' }, icon(look.icon)),
      h('h3', { id: 'verdict-title' }, title),
    ),
    h('p', { class: 'result-text' }, text),
    known
      ? h(
          'p',
          { class: 'known' },
          `${t.knownDocument(known, report.knownDocument?.version ?? 'final')} `,
          h('a', { href: `/v/${known}` }, t.knownDocumentLink),
        )
      : null,
    facts,
    report.signatures.length
      ? h(
          'ol',
          { class: 'signatures' },
          ...report.signatures.map((signature, index) => renderSignature(signature, index, t)),
        )
      : null,
    report.problems.length
      ? h(
          'details',
          { class: 'tech' },
          h('summary', {}, t.details),
          h('ul', {}, ...report.problems.map((p) => h('li', {}, p.message))),
        )
      : null,
  );
}
