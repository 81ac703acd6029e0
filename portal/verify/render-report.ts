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

function renderSignature(signature: SignatureReport, index: number, t: Dictionary): HTMLElement {
  const look = VERDICT_LOOK[signature.status] ?? VERDICT_LOOK.indeterminate;
  const who = signature.signer?.commonName ?? signature.signer?.subject ?? t.unknownName;
  const facts = h('dl', { class: 'facts compact' });
  const stamp = signature.kind === 'doc-timestamp';
  facts.append(row(stamp ? t.timestampedBy : t.signedBy, who));
  const when = formatTime(signature.timestamp?.time ?? signature.signedAt, t.locale);
  if (when) facts.append(row(t.time, when));
  facts.append(row(t.certificate, !signature.intact || !signature.valid ? t.brokenSignature : signature.trusted ? t.trusted : t.unknownIssuer));
  if (!stamp && signature.timestamp) {
    const tsa = signature.timestamp.tsa ?? t.unknownName;
    facts.append(row(t.timestampedBy, `${tsa} · ${formatTime(signature.timestamp.time, t.locale) ?? ''}`));
  }
  if (signature.level) facts.append(row(t.signatureLevel, t.levelName(signature.level)));
  facts.append(row(t.changedAfter, t.changes[signature.modifiedAfter] ?? signature.modifiedAfter));
  const problems = signature.problems ?? [];
  return h(
    'li',
    { class: `signature tone-${look.tone}`, 'data-status': signature.status },
    h('div', { class: 'signature-head' }, h('span', { class: 'signature-title' }, `${index + 1}. ${t.signatureKind[signature.kind] ?? signature.kind}`), h('span', { class: 'pill' }, icon(look.icon), t.signatureStatus[signature.status])),
    facts,
    problems.length ? h('details', { class: 'tech' }, h('summary', {}, t.details), h('ul', {}, ...problems.map((p) => h('li', {}, p.message)))) : null,
  );
}

/** The full validation report in plain words: the verdict, then each signature. */
export function renderReport(report: FileReport, t: Dictionary): HTMLElement {
  const status = report.signatures.length === 0 ? 'failed' : report.status;
  const look = VERDICT_LOOK[status] ?? VERDICT_LOOK.indeterminate;
  const known = report.knownDocument?.code ? normalizeCode(report.knownDocument.code) : undefined;
  const facts = h('dl', { class: 'facts' }, row(t.fieldLevel, report.level ? t.levelName(report.level) : t.levelNone));
  if (report.sha256) facts.append(row(t.fieldFingerprint, report.sha256, 'mono hash'));
  return h(
    'article',
    { class: `result tone-${look.tone}`, 'data-verdict': report.signatures.length === 0 ? 'none' : report.status, 'aria-labelledby': 'verdict-title' },
    h('div', { class: 'result-head' }, h('span', { class: 'badge-icon' }, icon(look.icon)), h('h3', { id: 'verdict-title' }, t.verdictTitle[status])),
    h('p', { class: 'result-text' }, report.signatures.length === 0 ? t.noSignatures : t.verdictText[status]),
    known ? h('p', { class: 'known' }, `${t.knownDocument(known)} `, h('a', { href: `/v/${known}` }, t.knownDocumentLink)) : null,
    facts,
    report.signatures.length ? h('ol', { class: 'signatures' }, ...report.signatures.map((signature, index) => renderSignature(signature, index, t))) : null,
    report.problems.length ? h('details', { class: 'tech' }, h('summary', {}, t.details), h('ul', {}, ...report.problems.map((p) => h('li', {}, p.message)))) : null,
  );
}
