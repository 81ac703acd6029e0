import type { MatchSigner } from './api.js';
import { formatTime, h, icon } from '../shared/dom.js';
import type { Dictionary } from './i18n/dictionary.js';

export interface ProofOutcome {
  match: boolean;
  /** Compared with the tombstone's hash in the browser (the document is deleted). */
  tombstone: boolean;
  sha256: string;
  fileName: string;
  matchedVersion: 'original' | 'final' | null;
  title: string | null;
  /** The document's status from the code lookup. */
  documentStatus: string;
  /** The document was completed (sealed), also when it was deleted later. */
  wasCompleted: boolean;
  signers: MatchSigner[];
}

function signerStatus(signer: MatchSigner, t: Dictionary): string {
  const status =
    signer.status === 'signed' || signer.status === 'declined' || signer.status === 'pending'
      ? signer.status
      : signer.signedAt
        ? 'signed'
        : 'pending';
  return t.signerStatus[status];
}

/** The answer to "is my file the authentic one?". */
export function renderMatch(outcome: ProofOutcome, t: Dictionary): HTMLElement {
  const fingerprint = h(
    'details',
    { class: 'tech' },
    h('summary', {}, t.yourFingerprint),
    h('p', { class: 'mono hash' }, outcome.sha256),
  );
  if (!outcome.match) {
    return h(
      'article',
      { class: 'result tone-bad', 'data-match': 'false', 'aria-labelledby': 'match-title' },
      h(
        'div',
        { class: 'result-head' },
        h('span', { class: 'badge-icon' }, icon('bad')),
        h('h3', { id: 'match-title' }, t.noMatchTitle),
      ),
      h('p', { class: 'result-text' }, t.noMatchText),
      fingerprint,
    );
  }
  const completed = outcome.wasCompleted;
  const original = outcome.matchedVersion === 'original';
  const [tone, heading, text] = outcome.tombstone
    ? ['ok', completed ? t.matchTitle : t.unsignedMatchTitle, t.tombstoneMatchText]
    : original && completed
      ? ['warn', t.originalMatchTitle, t.originalMatchText]
      : original || !completed
        ? ['ok', t.unsignedMatchTitle, t.unsignedMatchText]
        : ['ok', t.matchTitle, t.matchText];
  const signers = outcome.signers.length
    ? h(
        'section',
        { class: 'signers', 'aria-labelledby': 'signers-title' },
        h('h4', { id: 'signers-title' }, t.signersTitle),
        h(
          'ul',
          {},
          ...outcome.signers.map((signer) =>
            h(
              'li',
              { class: 'signer' },
              h('p', { class: 'signer-name' }, signer.name || t.unknownName),
              h(
                'dl',
                { class: 'facts compact' },
                h(
                  'div',
                  { class: 'fact' },
                  h('dt', {}, t.signerIdentifiedBy),
                  h('dd', {}, t.method(signer.method, signer.provider)),
                ),
                h(
                  'div',
                  { class: 'fact' },
                  h('dt', {}, t.signerSignedAt),
                  h('dd', {}, formatTime(signer.signedAt, t.locale) ?? signerStatus(signer, t)),
                ),
              ),
            ),
          ),
        ),
      )
    : null;
  return h(
    'article',
    {
      class: `result tone-${tone}`,
      'data-match': 'true',
      'data-version': outcome.matchedVersion ?? '',
      'aria-labelledby': 'match-title',
    },
    h(
      'div',
      { class: 'result-head' },
      h('span', { class: 'badge-icon' }, icon(tone === 'ok' ? 'ok' : 'info')),
      h('h3', { id: 'match-title' }, heading),
    ),
    h('p', { class: 'result-text' }, text),
    outcome.title
      ? h('dl', { class: 'facts' }, h('div', { class: 'fact' }, h('dt', {}, t.fieldTitle), h('dd', {}, outcome.title)))
      : null,
    signers,
    fingerprint,
  );
}
