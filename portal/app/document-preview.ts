import { createPdfViewer, type PdfJsAssets, type PdfViewer } from '../shared/pdf-viewer.js';
import { fill, focusElement, h, icon } from '../shared/dom.js';
import { pdfUrl, type DocumentView } from './api.js';
import type { Dictionary } from './i18n/dictionary.js';
import { button, notice, working } from './ui.js';

type PreviewState = 'closed' | 'loading' | 'shown' | 'failed';

/** Which bytes GET …/pdf answers: the original until the document is completed, then the sealed final PDF. */
const versionOf = (doc: DocumentView) => (doc.status === 'completed' ? `final:${doc.finalSha256 ?? ''}` : 'original');

/**
 * "Preview": the document's pages drawn by pdf.js in the page, as on the signer page (script evaluation off, no
 * text layer, pages drawn lazily as they come into view). pdf.js is imported only when the sender asks to see the
 * pages; the bytes come from GET /api/v1/documents/:id/pdf with the session cookie. Once the document is sealed,
 * an open preview loads the signed PDF instead. The card is one element for the view's life: the document view's
 * re-renders (polling, language) update its words but never move the pages already drawn.
 */
export function createDocumentPreview(options: { assets: PdfJsAssets | null }): {
  render(d: Dictionary, doc: DocumentView): HTMLElement | null;
  destroy(): void;
} {
  let state: PreviewState = 'closed';
  let viewer: PdfViewer | null = null;
  let shownVersion = '';
  let pageCount = 0;
  let generation = 0;
  let last: { d: Dictionary; doc: DocumentView } | null = null;

  const title = h('h2', { id: 'preview-title', tabindex: '-1' });
  const intro = h('p', { class: 'panel-intro' });
  const actions = h('div', { class: 'actions preview-actions' });
  const status = h('div', { class: 'preview-status-holder' });
  // a scrolling box of its own (a 200-page document stays one card): keyboard users scroll it once it has focus
  const pages = h('div', { class: 'preview-pages', id: 'preview-pages', role: 'region' });
  const element = h(
    'section',
    { class: 'card preview-card', id: 'preview', 'aria-labelledby': 'preview-title' },
    h('div', { class: 'card-head' }, h('span', { class: 'card-icon' }, icon('file')), title),
    intro,
    actions,
    status,
    pages,
  );

  function close(): void {
    generation += 1;
    viewer?.destroy();
    viewer = null;
    fill(pages);
    state = 'closed';
  }

  async function open(doc: DocumentView): Promise<void> {
    const run = ++generation;
    viewer?.destroy();
    viewer = null;
    fill(pages);
    state = 'loading';
    shownVersion = versionOf(doc);
    update('preview-status');
    try {
      const response = await fetch(pdfUrl(doc.id), { credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (run !== generation) return;
      viewer = createPdfViewer({ assets: options.assets!, t: last!.d });
      fill(pages, viewer.element);
      pageCount = (await viewer.show(bytes)).pageCount;
      if (run !== generation) return;
      state = 'shown';
    } catch {
      if (run !== generation) return;
      close();
      state = 'failed';
    }
    update('preview-status');
  }

  function show(): void {
    if (last) void open(last.doc);
  }

  function hide(): void {
    close();
    update('preview-open');
  }

  /** Brings the words, the button and the status up to date; focus moves to `focus` if given. */
  function update(focus?: string): void {
    if (!last) return;
    const { d, doc } = last;
    title.textContent = d.previewTitle;
    intro.textContent = doc.status === 'completed' ? d.previewIntroFinal : d.previewIntroOriginal;
    viewer?.setTexts(d);
    pages.setAttribute('aria-label', d.previewTitle);
    pages.tabIndex = state === 'shown' ? 0 : -1;
    const expanded = state === 'loading' || state === 'shown';
    const controls = { 'aria-controls': 'preview-pages', 'aria-expanded': String(expanded) };
    fill(
      actions,
      expanded
        ? button({ id: 'preview-close', kind: 'secondary', text: d.previewHide, attrs: controls, onClick: hide })
        : button({
            id: 'preview-open',
            kind: 'secondary',
            icon: 'eye',
            text: d.previewShow,
            attrs: controls,
            onClick: show,
          }),
    );
    const shownText = state === 'shown' ? d.pagesLabel(pageCount) : '';
    fill(
      status,
      state === 'loading'
        ? working(d.previewLoading, 'preview-status')
        : state === 'failed'
          ? notice({ tone: 'bad', text: (x) => x.previewFailed }, d, 'preview-status')
          : h('p', { class: 'visually-hidden', id: 'preview-status', role: 'status', tabindex: '-1' }, shownText),
    );
    if (focus) focusElement(document.getElementById(focus));
  }

  return {
    render(d, doc) {
      last = { d, doc };
      if (!options.assets || doc.status === 'deleted') {
        close();
        return null;
      }
      // the document was sealed while its pages were shown: show the signed PDF
      if (state === 'shown' && versionOf(doc) !== shownVersion) void open(doc);
      else update();
      return element;
    },
    destroy() {
      close();
      last = null;
    },
  };
}
