import type { SigningInfo } from './api.js';
import { formatTime, h, icon } from '../shared/dom.js';
import type { Dictionary } from './i18n/dictionary.js';
import type { Step } from './steps.js';
import { resultCard, working } from './ui.js';

/**
 * What happened, once the signer has acted or the document is closed: signed (waiting, sealing), completed with the
 * download, declined, closed.
 */
export function renderOutcome(options: { info: SigningInfo; step: Step; t: Dictionary }): HTMLElement {
  const { info, step, t: d } = options;
  const signedAt = formatTime(info.signer.signedAt, d.locale);
  const signedLine = signedAt ? h('p', { class: 'result-text' }, d.signedAt(signedAt)) : null;
  switch (step) {
    case 'signed':
      return resultCard(
        { tone: 'progress', icon: 'ok', title: d.signedTitle, step: 'signed' },
        signedLine,
        h(
          'div',
          { class: 'waiting' },
          working(d.waitingOthersTitle, 'waiting-status'),
          h('p', {}, d.waitingOthersText),
        ),
      );
    case 'sealing':
      return resultCard(
        { tone: 'progress', icon: 'ok', title: d.signedTitle, step: 'sealing' },
        signedLine,
        h('div', { class: 'waiting' }, working(d.sealingTitle, 'waiting-status'), h('p', {}, d.sealingText)),
      );
    case 'completed': {
      const title =
        (info.document.title || 'document')
          .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
          .trim()
          .slice(0, 120) || 'document';
      const code = info.document.code;
      return resultCard(
        { tone: 'ok', icon: 'ok', title: d.completedTitle, step: 'completed' },
        signedLine,
        h('p', { class: 'result-text' }, d.completedText),
        h(
          'p',
          { class: 'actions' },
          info.signedPdfUrl
            ? h(
                'a',
                { class: 'primary button', id: 'download', href: info.signedPdfUrl, download: `${title} (signed).pdf` },
                icon('download'),
                h('span', {}, d.download),
              )
            : null,
          code ? h('a', { class: 'secondary button', href: `/v/${encodeURIComponent(code)}` }, d.verifyLink) : null,
        ),
      );
    }
    case 'declined':
      return resultCard(
        { tone: 'bad', icon: 'bad', title: d.declinedTitle, step: 'declined' },
        h('p', { class: 'result-text' }, d.declinedText),
      );
    default: {
      const status = info.document.status === 'pending' ? 'cancelled' : info.document.status;
      return resultCard(
        { tone: 'warn', icon: 'info', title: d.closedTitle[status], step: 'closed' },
        info.signer.status === 'signed' ? h('p', { class: 'result-text' }, d.closedAfterSigning) : null,
        h('p', { class: 'result-text' }, d.closedText[status]),
      );
    }
  }
}
