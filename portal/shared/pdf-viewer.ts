import type * as PdfJs from 'pdfjs-dist';
import { h } from './dom.js';

/** The viewer's words: the signer page's and the staff app's dictionaries both have them. */
export interface PdfViewerTexts {
  pageLabel(page: number, total: number): string;
  pagesLabel(total: number): string;
}

type PdfJsModule = typeof PdfJs;
type PdfDocument = PdfJs.PDFDocumentProxy;
type RenderTask = PdfJs.RenderTask;

/** Where pdf.js is served (this origin, content-hashed names): the library module and its worker module. */
export interface PdfJsAssets {
  library: string;
  worker: string;
}

let loading: Promise<PdfJsModule> | undefined;

/**
 * pdf.js is loaded only when a document is shown (after authentication), as an unmodified ES module from this
 * origin; the signer page's own bundle stays small. Starting the load early (while the signer types the code) is
 * harmless: the module is cached for a year under its content hash.
 */
export function loadPdfJs(assets: PdfJsAssets): Promise<PdfJsModule> {
  loading ??= (import(assets.library) as Promise<PdfJsModule>)
    .then((library) => {
      library.GlobalWorkerOptions.workerSrc = assets.worker;
      return library;
    })
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/** Pages are drawn no larger than this many device pixels (phones cap canvas memory; iOS at about 16.7 M in total). */
const MAX_PAGE_PIXELS = 4_000_000;
/** Placeholder canvases keep the page's aspect ratio at a tiny size: 200 blank pages cost nothing. */
const PLACEHOLDER_WIDTH = 60;
const CONCURRENT_RENDERS = 2;

interface Slot {
  number: number;
  item: HTMLLIElement;
  canvas: HTMLCanvasElement;
  label: HTMLSpanElement;
  aspect: number;
  wanted: boolean;
  state: 'idle' | 'queued' | 'rendering' | 'rendered';
  task: RenderTask | null;
  renderedWidth: number;
  /** Bumped on every release, so a draw that was overtaken stops touching the canvas. */
  generation: number;
}

export interface PdfViewer {
  /** The list of pages (empty until `show`). */
  element: HTMLElement;
  /**
   * Opens the bytes with pdf.js (script evaluation off) and lays out one placeholder per page; pages draw as they come
   * into view.
   */
  show(bytes: Uint8Array): Promise<{ pageCount: number }>;
  setTexts(t: PdfViewerTexts): void;
  destroy(): void;
}

/**
 * Every page on a canvas, drawn lazily: an IntersectionObserver draws the pages within about a screen and a half of
 * the viewport and releases those further away, so a 200-page document stays within a phone's memory. No text layer
 * (it needs inline styles, which the page's CSP forbids); the "open the PDF" link gives readers the real text.
 */
export function createPdfViewer(options: { assets: PdfJsAssets; t: PdfViewerTexts }): PdfViewer {
  let t = options.t;
  const list = h('ol', { class: 'pages', id: 'pages' });
  const element = h('div', { class: 'viewer' }, list);
  const slots: Slot[] = [];
  const queue: Slot[] = [];
  let active = 0;
  let pdf: PdfDocument | null = null;
  let observer: IntersectionObserver | null = null;
  let resizeObserver: ResizeObserver | null = null;
  let destroyed = false;

  const placeholderSize = (slot: Slot) => {
    slot.canvas.width = PLACEHOLDER_WIDTH;
    slot.canvas.height = Math.max(1, Math.round(PLACEHOLDER_WIDTH * slot.aspect));
  };

  function release(slot: Slot): void {
    slot.generation += 1;
    slot.task?.cancel();
    slot.task = null;
    if (slot.state === 'rendered' || slot.state === 'rendering') placeholderSize(slot);
    slot.state = 'idle';
    slot.item.removeAttribute('data-rendered');
  }

  function enqueue(slot: Slot): void {
    if (slot.state !== 'idle') return;
    slot.state = 'queued';
    queue.push(slot);
    pump();
  }

  function pump(): void {
    while (active < CONCURRENT_RENDERS && queue.length > 0) {
      const slot = queue.shift()!;
      if (!slot.wanted || slot.state !== 'queued') {
        if (slot.state === 'queued') slot.state = 'idle';
        continue;
      }
      active += 1;
      void draw(slot).finally(() => {
        active -= 1;
        pump();
      });
    }
  }

  async function draw(slot: Slot): Promise<void> {
    if (!pdf || destroyed) return;
    slot.state = 'rendering';
    const generation = slot.generation;
    try {
      const page = await pdf.getPage(slot.number);
      if (generation !== slot.generation) return;
      if (!slot.wanted || destroyed) {
        slot.state = 'idle';
        return;
      }
      const base = page.getViewport({ scale: 1 });
      slot.aspect = base.height / base.width;
      const cssWidth = Math.max(list.clientWidth, 120);
      // A little above the screen's density, so that pinch-zooming stays sharp for a while (capped below).
      const ratio = Math.min((window.devicePixelRatio || 1) * 1.5, 3);
      let scale = (cssWidth * ratio) / base.width;
      if (base.width * base.height * scale * scale > MAX_PAGE_PIXELS)
        scale = Math.sqrt(MAX_PAGE_PIXELS / (base.width * base.height));
      const viewport = page.getViewport({ scale });
      slot.canvas.width = Math.floor(viewport.width);
      slot.canvas.height = Math.floor(viewport.height);
      const task = page.render({ canvas: slot.canvas, viewport });
      slot.task = task;
      await task.promise;
      if (generation !== slot.generation) return;
      slot.task = null;
      slot.state = 'rendered';
      slot.renderedWidth = cssWidth;
      slot.item.setAttribute('data-rendered', 'true');
      slot.item.classList.remove('page-failed');
      if (!slot.wanted) release(slot);
    } catch (error) {
      if (generation !== slot.generation) return;
      slot.task = null;
      if ((error as { name?: string })?.name === 'RenderingCancelledException') return;
      slot.state = 'idle';
      slot.item.classList.add('page-failed');
    }
  }

  function pageLabel(slot: Slot): string {
    return t.pageLabel(slot.number, slots.length);
  }

  async function show(bytes: Uint8Array): Promise<{ pageCount: number }> {
    const library = await loadPdfJs(options.assets);
    // The worker gets its own copy: pdf.js may transfer (detach) the buffer it is given.
    const task = library.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      enableXfa: false,
      stopAtErrors: false,
    });
    pdf = await task.promise;
    if (destroyed) {
      void pdf.destroy();
      return { pageCount: 0 };
    }
    const first = await pdf.getPage(1);
    const firstViewport = first.getViewport({ scale: 1 });
    const aspect = firstViewport.height / firstViewport.width;
    list.replaceChildren();
    slots.length = 0;
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const canvas = h('canvas', { class: 'page-canvas', role: 'img' });
      const label = h('span', { class: 'page-number', 'aria-hidden': 'true' });
      const item = h('li', { class: 'page', 'data-page': String(number) }, canvas, label);
      const slot: Slot = {
        number,
        item,
        canvas,
        label,
        aspect,
        wanted: false,
        state: 'idle',
        task: null,
        renderedWidth: 0,
        generation: 0,
      };
      placeholderSize(slot);
      slots.push(slot);
      list.append(item);
    }
    setTexts(t);
    const byItem = new Map(slots.map((slot) => [slot.item as Element, slot]));
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const slot = byItem.get(entry.target);
          if (!slot) continue;
          slot.wanted = entry.isIntersecting;
          if (slot.wanted) enqueue(slot);
          else release(slot);
        }
      },
      { rootMargin: '150% 0px 150% 0px' },
    );
    for (const slot of slots) observer.observe(slot.item);
    // A much wider or narrower column (rotation, window resize) draws the visible pages again at the new size.
    let lastWidth = list.clientWidth;
    resizeObserver = new ResizeObserver(() => {
      const width = list.clientWidth;
      if (Math.abs(width - lastWidth) < lastWidth * 0.2) return;
      lastWidth = width;
      for (const slot of slots) {
        if (
          slot.state === 'rendered' &&
          slot.wanted &&
          Math.abs(slot.renderedWidth - width) > slot.renderedWidth * 0.2
        ) {
          slot.state = 'idle';
          enqueue(slot);
        }
      }
    });
    resizeObserver.observe(list);
    return { pageCount: pdf.numPages };
  }

  function setTexts(next: PdfViewerTexts): void {
    t = next;
    list.setAttribute('aria-label', t.pagesLabel(slots.length));
    for (const slot of slots) {
      slot.canvas.setAttribute('aria-label', pageLabel(slot));
      slot.label.textContent = pageLabel(slot);
    }
  }

  function destroy(): void {
    destroyed = true;
    observer?.disconnect();
    resizeObserver?.disconnect();
    for (const slot of slots) slot.task?.cancel();
    queue.length = 0;
    void pdf?.destroy();
    pdf = null;
  }

  return { element, show, setTexts, destroy };
}
