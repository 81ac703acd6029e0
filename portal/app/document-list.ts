import { DOCUMENT_STATUSES, listDocuments, listSigners, type DocumentStatus, type DocumentView } from './api.js';
import type { AppContext, View } from './context.js';
import { createFolderRetention } from './folder-retention.js';
import { canEdit } from './folders.js';
import type { Dictionary } from './i18n/dictionary.js';
import { hrefOf, listRoute, type Route } from './routes.js';
import {
  button,
  failureMessage,
  fieldError,
  linkButton,
  formatDate,
  keepFocus,
  notice,
  statusBadge,
  titleContent,
  utcText,
  working,
  type Message,
} from './ui.js';
import { createUploadPanel } from './upload-panel.js';
import { documentActions } from './document-actions.js';
import { fill, focusElement, h, icon } from '../shared/dom.js';

const PAGE_SIZE = 25;

/** Local midnight of a YYYY-MM-DD day (plus `days`), or null: the list's day filters work in the viewer's time zone. */
function startOfDay(value: string, days = 0): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  return Number.isNaN(date.getTime()) ? null : date;
}
const SEARCH_DELAY_MS = 350;
/** Signer counts of pending documents ("Pending 1/2") are fetched a few at a time. */
const PROGRESS_CONCURRENCY = 4;

interface ListState {
  folderId: string | null;
  status: DocumentStatus | null;
  q: string;
  /** Uploaded from and until these days (YYYY-MM-DD in the viewer's time zone, both included); '' for open. */
  from: string;
  to: string;
  /** The days are the wrong way round: said next to "until", and nothing is loaded. */
  dateError: Message | null;
  documents: DocumentView[];
  nextCursor: string | null;
  loading: 'first' | 'more' | null;
  error: Message | null;
  progress: Map<string, { signed: number; total: number }>;
  uploadOpen: boolean;
  flash: Message | null;
}

/** The document list of a folder (or of everything the user can see): filters, keyset paging, upload. */
export function createListView(context: AppContext, route: Extract<Route, { view: 'list' }>): View {
  const state: ListState = {
    folderId: route.folderId,
    status: route.status,
    q: route.q,
    from: route.from,
    to: route.to,
    dateError: null,
    documents: [],
    nextCursor: null,
    loading: 'first',
    error: null,
    progress: new Map(),
    uploadOpen: false,
    flash: context.takeFlash(),
  };
  let generation = 0;
  let searchTimer: number | undefined;
  let destroyed = false;

  const headRegion = h('div', { class: 'page-head' });
  const uploadRegion = h('div', { id: 'upload-region' });
  const filtersRegion = h('div', { class: 'filters-region' });
  const resultsRegion = h('div', { class: 'results', id: 'results' });
  // administrators see (and set) the retention period of the folder on screen
  const retention =
    state.folderId && context.me.role === 'admin' ? createFolderRetention(context, state.folderId) : null;
  const element = h(
    'div',
    { class: 'view view-list' },
    headRegion,
    retention?.element ?? null,
    uploadRegion,
    filtersRegion,
    resultsRegion,
  );

  const upload = createUploadPanel({
    context,
    folderId: state.folderId,
    onUploaded: (document) => {
      context.navigate(
        { view: 'document', id: document.id },
        { flash: { tone: 'ok', text: (d) => d.uploaded(document.title, document.code) } },
      );
    },
    onClose: () => {
      state.uploadOpen = false;
      renderUpload();
      renderHead();
      focusElement(document.getElementById('upload-toggle'));
    },
  });

  const folder = () => context.folder(state.folderId);
  const mayUpload = () => context.me.role === 'admin' || context.folders.some((f) => canEdit(context.me, f));

  function renderHead(): void {
    const d = context.t();
    const current = folder();
    const title = current ? current.name : d.allDocuments;
    context.setTitle(title);
    const lead = !state.folderId
      ? d.listLeadAll
      : current
        ? canEdit(context.me, current)
          ? d.listLeadEditor
          : d.listLeadViewer
        : d.folderUnknown;
    fill(
      headRegion,
      h(
        'div',
        { class: 'page-head-text' },
        current && current.path.length > 1 ? h('p', { class: 'crumbs' }, current.path.slice(0, -1).join(' / ')) : null,
        h('h1', { id: 'page-title', tabindex: '-1' }, title),
        h('p', { class: 'lead' }, lead),
      ),
      h(
        'div',
        { class: 'actions page-head-actions' },
        // shown only while the upload form is closed, so it only opens it; the form's own Cancel closes it, and the
        // button comes back (and takes focus) then
        mayUpload() && !state.uploadOpen
          ? button({
              id: 'upload-toggle',
              kind: 'primary',
              icon: 'upload',
              text: d.uploadOpen,
              attrs: { 'aria-expanded': 'false', 'aria-controls': 'upload' },
              onClick: () => {
                state.uploadOpen = true;
                renderUpload();
                renderHead();
                upload.focus();
              },
            })
          : null,
        // everything on screen that the user may see, as one ZIP (the API streams it; the browser saves it)
        linkButton({
          id: 'export-link',
          href: `/api/v1/export${state.folderId ? `?folderId=${encodeURIComponent(state.folderId)}` : ''}`,
          kind: 'secondary',
          icon: 'download',
          text: state.folderId ? d.exportFolder : d.exportAll,
          attrs: { download: '' },
        }),
      ),
    );
  }

  function renderUpload(): void {
    if (!state.uploadOpen) {
      fill(uploadRegion, state.flash ? notice(state.flash, context.t(), 'list-flash') : null);
      return;
    }
    upload.render();
    fill(uploadRegion, upload.element);
  }

  function renderFilters(): void {
    const d = context.t();
    const search = h('input', {
      id: 'filter-q',
      name: 'q',
      type: 'search',
      maxlength: '200',
      autocomplete: 'off',
      placeholder: d.searchPlaceholder,
      enterkeyhint: 'search',
    });
    search.value = state.q;
    search.addEventListener('input', () => {
      state.q = search.value;
      window.clearTimeout(searchTimer);
      searchTimer = window.setTimeout(() => apply(), SEARCH_DELAY_MS);
    });
    const status = h(
      'select',
      { id: 'filter-status', name: 'status' },
      h('option', { value: '' }, d.allStatuses),
      ...DOCUMENT_STATUSES.map((s) => h('option', { value: s }, d.status[s])),
    );
    status.value = state.status ?? '';
    status.addEventListener('change', () => {
      state.status = (status.value || null) as DocumentStatus | null;
      apply();
    });
    const day = (which: 'from' | 'to') => {
      const input = h('input', {
        id: `filter-${which}`,
        name: which,
        type: 'date',
        'aria-invalid': which === 'to' && state.dateError ? 'true' : undefined,
        'aria-describedby': which === 'to' && state.dateError ? 'filter-to-error' : undefined,
      });
      input.value = state[which];
      input.addEventListener('change', () => {
        state[which] = input.value;
        apply();
      });
      return input;
    };
    const form = h(
      'form',
      { id: 'filters', class: 'filters', role: 'search', 'aria-label': d.filtersLabel, novalidate: true },
      h(
        'div',
        { class: 'filter filter-q' },
        h('label', { for: 'filter-q', class: 'field-label' }, d.searchLabel),
        search,
      ),
      h(
        'div',
        { class: 'filter filter-status' },
        h('label', { for: 'filter-status', class: 'field-label' }, d.statusLabel),
        status,
      ),
      h(
        'div',
        { class: 'filter filter-date' },
        h('label', { for: 'filter-from', class: 'field-label' }, d.dateFromLabel),
        day('from'),
      ),
      h(
        'div',
        { class: 'filter filter-date' },
        h('label', { for: 'filter-to', class: 'field-label' }, d.dateToLabel),
        day('to'),
      ),
      button({
        id: 'filter-submit',
        type: 'submit',
        kind: 'secondary',
        text: d.searchSubmit,
        attrs: { class: 'secondary filter-submit' },
      }),
      // on a line of its own below the filters, so that the row stays aligned
      state.dateError
        ? h('div', { class: 'filter-error' }, fieldError('filter-to-error', state.dateError.text(d)))
        : null,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      window.clearTimeout(searchTimer);
      apply();
    });
    fill(filtersRegion, form);
  }

  function renderResults(): void {
    const d = context.t();
    const filtered = Boolean(state.q.trim() || state.status || state.from || state.to);
    if (state.loading === 'first') {
      fill(
        resultsRegion,
        h('p', { id: 'list-status', class: 'visually-hidden', role: 'status' }),
        working(d.loadingDocuments),
      );
      return;
    }
    const statusLine = h(
      'p',
      { id: 'list-status', class: 'list-count', role: 'status' },
      state.documents.length ? d.showing(state.documents.length, Boolean(state.nextCursor)) : '',
    );
    if (state.error && !state.documents.length) {
      fill(
        resultsRegion,
        statusLine,
        notice(state.error, d, 'list-error'),
        h(
          'p',
          { class: 'actions' },
          button({ id: 'list-retry', kind: 'secondary', text: d.retry, onClick: () => void load(true) }),
        ),
      );
      return;
    }
    if (!state.documents.length) {
      const current = folder();
      const canUploadHere = mayUpload() && (!state.folderId || canEdit(context.me, current));
      fill(
        resultsRegion,
        statusLine,
        h(
          'div',
          { class: 'empty card', id: 'documents-empty' },
          h('span', { class: 'empty-icon' }, icon(filtered ? 'info' : 'file')),
          h('h2', {}, filtered ? d.emptyFilteredTitle : d.emptyTitle),
          h('p', {}, filtered ? d.emptyFilteredText : canUploadHere ? d.emptyText : d.emptyTextViewer),
          filtered
            ? button({
                id: 'clear-filters',
                kind: 'secondary',
                text: d.clearFilters,
                onClick: () => {
                  state.q = '';
                  state.status = null;
                  state.from = '';
                  state.to = '';
                  renderFilters();
                  apply();
                  focusElement(document.getElementById('filter-q'));
                },
              })
            : null,
        ),
      );
      return;
    }
    const list = h('ul', { id: 'documents', class: 'doc-list', 'aria-label': d.documentsLabel });
    for (const doc of state.documents) list.append(renderItem(doc, d));
    fill(
      resultsRegion,
      statusLine,
      list,
      state.error ? notice(state.error, d, 'list-error') : null,
      state.nextCursor
        ? h(
            'p',
            { class: 'more' },
            button({
              id: 'more',
              kind: 'secondary',
              text: state.loading === 'more' ? d.loadingMore : d.showMore,
              disabled: state.loading === 'more',
              onClick: () => void load(false),
            }),
          )
        : null,
    );
  }

  function renderItem(doc: DocumentView, d: Dictionary): HTMLElement {
    const status = (DOCUMENT_STATUSES.includes(doc.status) ? doc.status : 'draft') as DocumentStatus;
    const progress = state.progress.get(doc.id) ?? null;
    const sealing = status === 'pending' && Boolean(doc.completedAt);
    const folderName = !state.folderId && doc.folderId ? context.folder(doc.folderId)?.name : null;
    const created = formatDate(doc.createdAt, d.locale);
    return h(
      'li',
      { class: 'doc-item', 'data-id': doc.id, 'data-status': status },
      h(
        'div',
        { class: 'doc-main' },
        h(
          'a',
          { class: 'doc-title', href: hrefOf({ view: 'document', id: doc.id }), 'data-nav': 'true' },
          titleContent(d, doc),
        ),
        h(
          'p',
          { class: 'doc-meta' },
          doc.title.trim() ? h('span', { class: 'mono doc-code' }, doc.code) : null, // else the title is the code
          folderName ? h('span', { class: 'doc-folder' }, icon('folder'), folderName) : null,
          created
            ? h(
                'span',
                { class: 'doc-date' },
                h('time', { datetime: doc.createdAt, title: utcText(doc.createdAt) }, d.uploadedOn(created)),
              )
            : null,
          doc.pageCount ? h('span', { class: 'doc-pages' }, d.pageCount(doc.pageCount)) : null,
        ),
      ),
      h('div', { class: 'doc-status', 'data-badge-for': doc.id }, statusBadge(d, status, progress, sealing)),
      documentActions({
        context,
        doc,
        idPrefix: `row-${doc.id}`,
        onDone: (message) => {
          state.flash = message;
          renderUpload();
          void load(true);
        },
      }),
    );
  }

  function updateBadge(id: string): void {
    const holder = resultsRegion.querySelector(`[data-badge-for="${CSS.escape(id)}"]`);
    const doc = state.documents.find((x) => x.id === id);
    if (!holder || !doc) return;
    fill(
      holder,
      statusBadge(
        context.t(),
        doc.status,
        state.progress.get(id) ?? null,
        doc.status === 'pending' && Boolean(doc.completedAt),
      ),
    );
  }

  /** "Pending 1/2": the list does not carry signers, so the counts of pending documents are fetched afterwards. */
  async function loadProgress(documents: DocumentView[], run: number): Promise<void> {
    const queue = documents.filter((doc) => doc.status === 'pending' && !state.progress.has(doc.id));
    const worker = async () => {
      for (let doc = queue.shift(); doc; doc = queue.shift()) {
        const known = Array.isArray(doc.signers) && doc.signers.length ? doc.signers : null;
        const result = known ? { ok: true as const, value: known } : await listSigners(doc.id);
        if (destroyed || run !== generation) return;
        if (!result.ok) continue;
        state.progress.set(doc.id, {
          signed: result.value.filter((s) => s.status === 'signed').length,
          total: result.value.length,
        });
        updateBadge(doc.id);
      }
    };
    await Promise.all(Array.from({ length: PROGRESS_CONCURRENCY }, worker));
  }

  async function load(first: boolean): Promise<void> {
    const run = first ? ++generation : generation;
    state.loading = first ? 'first' : 'more';
    state.error = null;
    if (first) {
      state.documents = [];
      state.nextCursor = null;
    }
    keepFocus(renderResults);
    const before = state.documents.length;
    const result = await listDocuments({
      folderId: state.folderId,
      status: state.status,
      q: state.q.trim(),
      createdFrom: startOfDay(state.from)?.toISOString() ?? null,
      createdTo: startOfDay(state.to, 1)?.toISOString() ?? null,
      cursor: first ? null : state.nextCursor,
      limit: PAGE_SIZE,
    });
    if (destroyed || run !== generation) return;
    state.loading = null;
    if (!result.ok) {
      if (result.kind === 'signed_out') return;
      state.error = failureMessage(result);
      keepFocus(renderResults);
      return;
    }
    const page = result.value;
    state.documents = [...state.documents, ...(Array.isArray(page.documents) ? page.documents : [])];
    state.nextCursor = page.nextCursor ?? null;
    keepFocus(renderResults);
    // After "show more", focus moves to the first new document (the button is gone or moved).
    if (!first && state.documents.length > before) {
      const link = resultsRegion.querySelectorAll<HTMLAnchorElement>('.doc-title')[before];
      if (link) link.focus();
    }
    void loadProgress(page.documents ?? [], run);
  }

  function apply(): void {
    const wrongWay = Boolean(state.from && state.to && state.from > state.to);
    const before = state.dateError;
    state.dateError = wrongWay ? { tone: 'bad', text: (d) => d.dateRangeInvalid } : null;
    if (wrongWay || before) keepFocus(renderFilters);
    if (wrongWay) {
      // the list on screen no longer answers the filters: nothing is shown until the days are right
      generation += 1;
      state.documents = [];
      state.nextCursor = null;
      state.loading = null;
      keepFocus(renderResults);
      return;
    }
    context.replaceRoute(listRoute(state.folderId, state.status, state.q.trim(), state.from, state.to));
    void load(true);
  }

  return {
    element,
    render() {
      keepFocus(() => {
        renderHead();
        retention?.render();
        renderUpload();
        renderFilters();
        renderResults();
      });
      if (state.loading === 'first' && !state.documents.length && generation === 0) void load(true);
    },
    destroy() {
      destroyed = true;
      retention?.destroy();
      window.clearTimeout(searchTimer);
    },
  };
}
