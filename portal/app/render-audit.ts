import type { AuditEvent, AuditTrail, Signer } from './api.js';
import { describeActor, describeEvent, signerNamesOf } from './describe-event.js';
import type { Dictionary } from './i18n/dictionary.js';
import { button, card, cardHead, groupHex, notice, timeElement, working, type Message } from './ui.js';
import { h, icon, type IconName } from '../shared/dom.js';

const TONE_ICON: Record<string, IconName> = { ok: 'ok', bad: 'bad', warn: 'info', progress: 'wait', neutral: 'info' };

function renderEvent(
  d: Dictionary,
  event: AuditEvent,
  signers: Signer[],
  names: ReadonlyMap<string, string>,
): HTMLElement {
  const text = describeEvent(d, event, signers, names);
  const actor = describeActor(d, event.actor);
  const technical = h(
    'details',
    { class: 'tech' },
    h('summary', {}, d.technicalDetails),
    h(
      'dl',
      { class: 'tech-list' },
      h('dt', {}, d.auditSeq),
      h('dd', { class: 'mono' }, `#${event.seq} · ${event.type}`),
      h('dt', {}, d.auditTimeUtc),
      h('dd', { class: 'mono' }, event.at),
      h('dt', {}, d.auditActor),
      h('dd', {}, actor.role ? `${actor.full} (${actor.role})` : actor.full),
      event.userAgent ? h('dt', {}, d.auditUserAgent) : null,
      event.userAgent ? h('dd', {}, event.userAgent) : null,
      h('dt', {}, d.auditHash),
      h('dd', { class: 'mono hash' }, groupHex(event.hash)),
      h('dt', {}, d.auditPrevHash),
      h('dd', { class: 'mono hash' }, groupHex(event.prevHash)),
      event.timestampToken ? h('dt', {}, d.auditTimestamp) : null,
      event.timestampToken ? h('dd', {}, d.auditTimestampText) : null,
    ),
  );
  return h(
    'li',
    { class: `event tone-${text.tone}`, 'data-type': event.type, 'data-seq': String(event.seq) },
    h('span', { class: 'event-dot', 'aria-hidden': 'true' }, icon(TONE_ICON[text.tone] ?? 'info')),
    h(
      'div',
      { class: 'event-body' },
      h(
        'div',
        { class: 'event-head' },
        h('strong', { class: 'event-title' }, text.title),
        h('span', { class: 'event-time' }, timeElement(event.at, d.locale, { withSeconds: true })),
      ),
      text.detail ? h('p', { class: 'event-detail' }, text.detail) : null,
      h(
        'p',
        { class: 'event-meta' },
        h('span', { class: 'event-actor' }, actor.role ? `${actor.name} · ${actor.role}` : actor.name),
        event.ip ? h('span', { class: 'event-ip' }, d.ipAddress(event.ip)) : null,
        event.timestampToken ? h('span', { class: 'chip tone-ok' }, icon('ok'), d.timestamped) : null,
      ),
      technical,
    ),
  );
}

/** The chain badge: intact (every event's hash links to the one before) or broken, with the problems found. */
function renderChain(d: Dictionary, trail: AuditTrail): HTMLElement {
  const intact = trail.chain?.intact === true;
  const problems = Array.isArray(trail.chain?.problems) ? trail.chain.problems : [];
  return h(
    'div',
    { class: `chain result tone-${intact ? 'ok' : 'bad'}`, id: 'chain-status', 'data-intact': String(intact) },
    h(
      'div',
      { class: 'result-head' },
      h('span', { class: 'badge-icon' }, icon(intact ? 'lock' : 'bad')),
      h(
        'div',
        {},
        h('p', { class: 'chain-title' }, intact ? d.chainIntact : d.chainBroken),
        h('p', { class: 'chain-text' }, intact ? d.chainIntactText(trail.events.length) : d.chainBrokenText),
      ),
    ),
    problems.length
      ? h(
          'ul',
          { class: 'chain-problems' },
          ...problems.map((p) =>
            h('li', {}, p.seq !== null && p.seq !== undefined ? `#${p.seq}: ` : '', p.message || p.code),
          ),
        )
      : null,
  );
}

export function renderAudit(options: {
  d: Dictionary;
  trail: AuditTrail | null;
  loading: boolean;
  error: Message | null;
  signers: Signer[];
  onRefresh: () => void;
}): HTMLElement {
  const { d, trail } = options;
  const refresh = button({
    id: 'audit-refresh',
    kind: 'link',
    text: options.loading ? d.refreshing : d.refresh,
    disabled: options.loading,
    onClick: options.onRefresh,
  });
  const body: (Node | null)[] = [];
  if (!trail && options.loading) body.push(working(d.auditLoading));
  if (options.error) body.push(notice(options.error, d, 'audit-error'));
  if (trail) {
    body.push(renderChain(d, trail));
    const erased =
      trail.erased && typeof trail.erased.events === 'number' && trail.erased.events > 0 ? trail.erased.events : 0;
    if (erased) body.push(h('p', { class: 'hint audit-erased', id: 'audit-erased' }, d.auditErased(erased)));
    const events = [...(trail.events ?? [])].sort((a, b) => a.seq - b.seq);
    const names = signerNamesOf(events);
    const items = events.map((event) => renderEvent(d, event, options.signers, names));
    const label = d.auditEventsLabel(events.length);
    body.push(h('ol', { class: 'timeline', id: 'audit-events', 'aria-label': label }, ...items));
    body.push(h('p', { class: 'hint audit-note' }, d.auditNote));
  }
  return card(
    { id: 'audit', 'aria-labelledby': 'audit-title', 'aria-busy': String(options.loading) },
    cardHead({ icon: 'history', title: d.auditTitle, id: 'audit-title', extra: refresh }),
    ...body,
  );
}
