import { getHealth } from './api.js';
import type { ResponseOf } from '../shared/api-types.js';
import type { Language } from './i18n/index.js';
import { fill, h, icon } from '../shared/dom.js';

const TEXT: Record<Language, { waiting(count: number, since: string): string; diskLow: string }> = {
  en: {
    waiting: (count, since) =>
      `${count} ${count === 1 ? 'document waits' : 'documents wait'} for a timestamp authority since ${since}. ` +
      'Sealing resumes as soon as one answers.',
    diskLow: 'The appliance is low on disk space: new uploads are refused until an administrator frees some.',
  },
  nb: {
    waiting: (count, since) =>
      `${count} ${count === 1 ? 'dokument venter' : 'dokumenter venter'} på en tidsstempeltjeneste siden ${since}. ` +
      'Forseglingen fortsetter så snart en svarer.',
    diskLow: 'Enheten har lite diskplass: nye opplastinger avvises til en administrator frigjør plass.',
  },
};

const REFRESH_MS = 60_000;

/**
 * A banner above the app for what staff should know about the appliance itself: documents waiting for a timestamp
 * authority ("N documents wait for a timestamp authority since T") and low disk space. Hidden when all is well.
 */
export function createHealthBanner(language: () => Language): { element: HTMLElement; start(): void; render(): void } {
  const element = h('div', { id: 'health-banner', class: 'health-banner', role: 'status', hidden: true });
  let health: ResponseOf<'/api/v1/health'> | null = null;
  let timer: number | undefined;

  function render(): void {
    const text = TEXT[language()];
    const lines: string[] = [];
    const backlog = health?.sealBacklog;
    if (backlog && backlog.documents > 0) {
      const format = new Intl.DateTimeFormat(language(), { dateStyle: 'medium', timeStyle: 'short' });
      const since = backlog.since ? format.format(new Date(backlog.since)) : '?';
      lines.push(text.waiting(backlog.documents, since));
    }
    if (health?.disk?.low) lines.push(text.diskLow);
    element.hidden = lines.length === 0;
    fill(element, ...lines.map((line) => h('p', { class: 'notice tone-warn' }, icon('info'), h('span', {}, line))));
  }

  async function refresh(): Promise<void> {
    const answer = await getHealth();
    if (answer.ok) health = answer.value;
    render();
    element.dataset.checked = 'true';
  }

  return {
    element,
    render,
    start() {
      if (timer !== undefined) return;
      void refresh();
      timer = window.setInterval(() => void refresh(), REFRESH_MS);
    },
  };
}
