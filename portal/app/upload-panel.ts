import { getUploadLimits, uploadDocument, type UploadLimits } from './api.js';
import type { AppContext } from './context.js';
import { canEdit } from './folders.js';
import type { Dictionary } from './i18n/dictionary.js';
import { button, failureMessage, fieldError, formatBytes, formatMegabytes, type Message } from './ui.js';
import { fill, focusElement, h, icon } from '../shared/dom.js';
import { handleSubmit } from '../shared/form-events.js';
import { acceptDroppedFile } from '../shared/drop-target.js';

type UploadField = 'file' | 'title' | 'folder' | 'form';

interface UploadState {
  file: File | null;
  title: string;
  /** The title was typed by hand: choosing another file does not overwrite it. */
  titleTouched: boolean;
  folderId: string;
  busy: boolean;
  error: { field: UploadField; message: Message } | null;
}

const TOP_LEVEL = '';

/** Files must be PDFs: checked by name or type, and by the first bytes (`%PDF-`) before anything is sent. */
async function looksLikePdf(file: File): Promise<boolean> {
  try {
    const head = new Uint8Array(await file.slice(0, 1024).arrayBuffer());
    const text = String.fromCharCode(...head);
    return text.includes('%PDF-');
  } catch {
    return /\.pdf$/i.test(file.name) || file.type === 'application/pdf';
  }
}

function titleFromFileName(name: string): string {
  return name
    .replace(/\.pdf$/i, '')
    .replace(/[_]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 300);
}

/**
 * "Upload a PDF": a real file input inside its label (also a drop target), the title (filled in from the file name
 * until typed by hand) and the folder, among those the user may upload into. Sends multipart to
 * POST /api/v1/documents; errors are shown next to the field they concern and take focus.
 */
export function createUploadPanel(options: {
  context: AppContext;
  folderId: string | null;
  onUploaded: (document: { id: string; code: string; title: string }) => void;
  onClose: () => void;
}): {
  element: HTMLElement;
  render(): void;
  focus(): void;
} {
  const { context } = options;
  const writable = () => context.folders.filter((f) => canEdit(context.me, f));
  const isAdmin = () => context.me.role === 'admin';
  const initialFolder = (): string => {
    const current = context.folder(options.folderId);
    if (current && canEdit(context.me, current)) return current.id;
    if (isAdmin()) return TOP_LEVEL;
    return writable()[0]?.id ?? TOP_LEVEL;
  };
  const state: UploadState = {
    file: null,
    title: '',
    titleTouched: false,
    folderId: initialFolder(),
    busy: false,
    error: null,
  };
  /** The appliance's limits, so that a file that is too large is refused before it is sent (the API checks again). */
  let limits: UploadLimits | null = null;
  void getUploadLimits().then((result) => {
    if (!result.ok) return;
    limits = result.value;
    if (element.isConnected) render();
  });
  const element = h('section', { class: 'card upload-panel', id: 'upload', 'aria-labelledby': 'upload-heading' });

  function render(): void {
    const d = context.t();
    const choices = writable();
    if (!isAdmin() && choices.length === 0) {
      fill(
        element,
        head(d),
        h('p', { class: 'notice tone-warn', role: 'status' }, icon('info'), h('span', {}, d.uploadNoFolder)),
        h(
          'div',
          { class: 'actions' },
          button({ id: 'upload-cancel', kind: 'secondary', text: d.close, onClick: options.onClose }),
        ),
      );
      return;
    }
    const error = state.error;
    const errorFor = (field: UploadField) =>
      error && error.field === field ? fieldError(`upload-${field}-error`, error.message.text(d)) : null;
    const describedBy = (field: UploadField, hint?: string) =>
      [hint, error?.field === field ? `upload-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;

    // the file: a real input inside its label, which is also the drop target
    const input = h('input', {
      type: 'file',
      id: 'upload-file',
      name: 'file',
      class: 'visually-hidden',
      accept: 'application/pdf,.pdf',
      'aria-describedby': describedBy('file', 'upload-file-hint'),
      'aria-invalid': error?.field === 'file' ? 'true' : undefined,
    });
    const zone = h(
      'label',
      { class: `drop-zone${state.file ? ' has-file' : ''}${state.busy ? ' busy' : ''}`, for: 'upload-file' },
      input,
      icon(state.file ? 'file' : 'upload'),
      h('span', { class: 'drop-main' }, state.file ? state.file.name : d.dropMain),
      h('span', { class: 'drop-choose' }, state.file ? d.dropReplace : d.dropChoose),
      state.file ? h('span', { class: 'drop-selected' }, formatBytes(state.file.size, d.locale)) : null,
    );
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) void choose(file);
    });
    acceptDroppedFile(zone, (file) => void choose(file));

    const title = h('input', {
      id: 'upload-title',
      name: 'title',
      type: 'text',
      required: true,
      maxlength: '300',
      autocomplete: 'off',
      'aria-describedby': describedBy('title'),
      'aria-invalid': error?.field === 'title' ? 'true' : undefined,
    });
    title.value = state.title;
    title.addEventListener('input', () => {
      state.title = title.value;
      state.titleTouched = true;
    });

    const folder = h('select', {
      id: 'upload-folder',
      name: 'folderId',
      'aria-describedby': describedBy('folder'),
      'aria-invalid': error?.field === 'folder' ? 'true' : undefined,
    });
    if (isAdmin()) folder.append(h('option', { value: TOP_LEVEL }, d.topLevel));
    for (const entry of choices)
      folder.append(h('option', { value: entry.id }, `${'\u2003'.repeat(entry.depth)}${entry.name}`));
    folder.value = state.folderId;
    folder.addEventListener('change', () => {
      state.folderId = folder.value;
    });

    const limit = limits ? formatMegabytes(limits.maxUploadBytes, d.locale) : null;
    const fileHint = limit ? d.uploadFileHintLimit(limit) : d.uploadFileHint;
    const form = h(
      'form',
      { id: 'upload-form', class: 'upload-form', novalidate: true },
      h(
        'div',
        { class: 'field' },
        h('span', { class: 'field-label', id: 'upload-file-label' }, d.uploadFileLabel),
        zone,
        h('p', { class: 'hint', id: 'upload-file-hint' }, fileHint),
        errorFor('file'),
      ),
      h(
        'div',
        { class: 'field-row' },
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'upload-title', class: 'field-label' }, d.uploadTitleLabel),
          title,
          errorFor('title'),
        ),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'upload-folder', class: 'field-label' }, d.uploadFolderLabel),
          folder,
          errorFor('folder'),
        ),
      ),
      errorFor('form'),
      h(
        'div',
        { class: 'actions' },
        button({
          id: 'upload-submit',
          type: 'submit',
          kind: 'primary',
          icon: 'upload',
          text: state.busy ? d.uploading : d.uploadSubmit,
          disabled: state.busy,
        }),
        button({
          id: 'upload-cancel',
          kind: 'secondary',
          text: d.cancel,
          disabled: state.busy,
          onClick: options.onClose,
        }),
      ),
    );
    handleSubmit({ form, onSubmit: () => void submit() });
    fill(element, head(d), form);
  }

  function head(d: Dictionary): HTMLElement {
    return h(
      'div',
      { class: 'card-head' },
      h('span', { class: 'card-icon' }, icon('upload')),
      h('h2', { id: 'upload-heading', tabindex: '-1' }, d.uploadTitle),
    );
  }

  /** A file that cannot be uploaded is said at once, by name: not a PDF, empty, or over the appliance's limit. */
  async function choose(file: File): Promise<void> {
    state.error = null;
    const name = file.name || 'document';
    const refuse = (text: Message['text']) => {
      state.file = null;
      state.error = { field: 'file', message: { tone: 'bad', text } };
      render();
      focusElement(document.getElementById('upload-file'));
    };
    if (file.size === 0) return refuse((d) => d.uploadEmpty(name));
    if (limits && file.size > limits.maxUploadBytes) {
      const max = limits.maxUploadBytes;
      const size = file.size;
      return refuse((d) =>
        d.uploadTooLargeNamed(name, formatMegabytes(size, d.locale), formatMegabytes(max, d.locale)),
      );
    }
    if (!(await looksLikePdf(file))) return refuse((d) => d.uploadNotPdfNamed(name));
    state.file = file;
    if (!state.titleTouched || !state.title.trim()) {
      state.title = titleFromFileName(file.name);
      state.titleTouched = false;
    }
    render();
    focusElement(document.getElementById('upload-title'));
  }

  async function submit(): Promise<void> {
    if (state.busy) return;
    const title = state.title.trim();
    if (!state.file) {
      state.error = { field: 'file', message: { tone: 'bad', text: (d) => d.uploadNeedFile } };
      render();
      focusElement(document.getElementById('upload-file'));
      return;
    }
    if (!title) {
      state.error = { field: 'title', message: { tone: 'bad', text: (d) => d.uploadNeedTitle } };
      render();
      focusElement(document.getElementById('upload-title'));
      return;
    }
    state.busy = true;
    state.error = null;
    render();
    const result = await uploadDocument({
      file: state.file,
      title,
      folderId: state.folderId || null,
      language: context.t().locale.startsWith('nb') ? 'nb' : 'en',
    });
    state.busy = false;
    if (result.ok) {
      options.onUploaded({ id: result.value.id, code: result.value.code, title });
      return;
    }
    if (result.kind === 'signed_out') return;
    let field: UploadField = 'form';
    if (result.kind === 'http') {
      if (
        result.status === 413 ||
        result.error === 'document_unreadable' ||
        result.error === 'pdf_stream_too_large' ||
        result.error === 'payload_too_large'
      )
        field = 'file';
      else if (result.error === 'folder_required' || result.status === 404) field = 'folder';
      else if (result.error === 'invalid_request' && /title/i.test(result.message)) field = 'title';
    }
    state.error = {
      field,
      message: failureMessage(result, {
        payload_too_large: (d) => d.uploadTooLarge,
        folder_required: (d) => d.uploadFolderRequired,
        document_unreadable: (d) =>
          result.kind === 'http' && result.message ? d.uploadUnreadable(result.message) : d.uploadNotPdf,
      }),
    };
    if (result.kind === 'http' && result.status === 404)
      state.error.message = { tone: 'bad', text: (d) => d.uploadFolderGone };
    render();
    focusElement(
      document.getElementById(
        field === 'form' ? 'upload-form-error' : field === 'file' ? 'upload-file' : `upload-${field}`,
      ),
    );
  }

  return {
    element,
    render,
    focus: () => focusElement(document.getElementById('upload-file')),
  };
}
