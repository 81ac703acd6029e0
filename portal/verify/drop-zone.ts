import { h, icon } from '../shared/dom.js';
import { acceptDroppedFile } from '../shared/drop-target.js';

export interface DropZone {
  element: HTMLElement;
  input: HTMLInputElement;
  setTexts(texts: { main: string; choose: string; selected: string | null }): void;
  setBusy(busy: boolean): void;
}

/**
 * A file picker that is also a drop target: a real <input type="file"> inside its <label>, so Tab reaches it,
 * Enter or Space opens the file dialog, and screen readers announce it as a file button with the label's text.
 * The input is only visually hidden; the label shows its focus ring.
 */
export function createDropZone(options: { id: string; describedBy: string; onFile: (file: File) => void }): DropZone {
  const input = h('input', {
    type: 'file',
    id: options.id,
    class: 'visually-hidden',
    accept: 'application/pdf,.pdf',
    'aria-describedby': options.describedBy,
  });
  const main = h('span', { class: 'drop-main' });
  const choose = h('span', { class: 'drop-choose' });
  const selected = h('span', { class: 'drop-selected' });
  const element = h('label', { class: 'drop-zone', for: options.id }, input, icon('upload'), main, choose, selected);
  const take = (file: File | undefined) => {
    if (file) options.onFile(file);
  };
  input.addEventListener('change', () => {
    take(input.files?.[0]);
    input.value = '';
  });
  acceptDroppedFile(element, options.onFile);
  return {
    element,
    input,
    setTexts(texts) {
      main.textContent = texts.main;
      choose.textContent = texts.choose;
      selected.textContent = texts.selected ?? '';
      selected.hidden = !texts.selected;
    },
    setBusy(busy) {
      element.classList.toggle('busy', busy);
      element.setAttribute('aria-busy', String(busy));
    },
  };
}
