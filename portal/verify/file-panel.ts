import { h } from '../shared/dom.js';
import { createDropZone, type DropZone } from './drop-zone.js';

export interface FilePanel {
  element: HTMLElement;
  /** Where the outcome for the chosen file goes (read out politely). */
  result: HTMLElement;
  zone: DropZone;
  setTexts(texts: { title: string; intro: string; zone: Parameters<DropZone['setTexts']>[0] }): void;
}

/**
 * A card that takes a PDF: heading, introduction, the drop zone, then the outcome. Its ids start with `key`
 * (`proof-title`, `proof-intro`, `proof-file`, `proof-result`, the card `proof-panel`).
 */
export function createFilePanel(options: { key: string; hidden?: boolean; onFile: (file: File) => void }): FilePanel {
  const { key } = options;
  const title = h('h2', { id: `${key}-title` });
  const intro = h('p', { id: `${key}-intro`, class: 'panel-intro' });
  const zone = createDropZone({ id: `${key}-file`, describedBy: `${key}-intro`, onFile: options.onFile });
  const result = h('div', { id: `${key}-result`, class: 'live', 'aria-live': 'polite' });
  const element = h(
    'section',
    { class: 'card', id: `${key}-panel`, 'aria-labelledby': `${key}-title`, hidden: options.hidden },
    title,
    intro,
    zone.element,
    result,
  );
  return {
    element,
    result,
    zone,
    setTexts(texts) {
      title.textContent = texts.title;
      intro.textContent = texts.intro;
      zone.setTexts(texts.zone);
    },
  };
}
