import {
  addSigner,
  removeSigner,
  reorderSigners,
  updateSigner,
  type ApiFailure,
  type DocumentView,
  type NewSigner,
  type Signer,
} from './api.js';
import type { AppContext } from './context.js';
import {
  defaultLanguage,
  sortedSigners,
  type SignerField,
  type SignerFields,
  type SignerFormState,
  type SignerLanguage,
  type SignerListState,
} from './document-state.js';
import type { Dictionary } from './i18n/dictionary.js';
import { renderSigners, type SignerActions } from './render-signers.js';
import { failureMessage, type Message } from './ui.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PROVIDER = /^[a-z0-9]+$/;

/** What the signers card needs from the document view. */
export interface SignersHost {
  context: AppContext;
  documentId: string;
  doc(): DocumentView | null;
  render(focus?: string): void;
  /** Loads the document again (its signers changed), then renders and moves focus. */
  refresh(focus?: string): Promise<void>;
  destroyed(): boolean;
  /** The signers changed: a review that was open no longer shows the truth. */
  changed(): void;
}

/** The fields' mistakes found before asking the API; answers the first field with one (focus goes there). */
function checkFields(form: SignerFields): SignerField | null {
  form.errors = {};
  const email = form.email.trim();
  if (!form.name.trim()) form.errors.name = { tone: 'bad', text: (d) => d.signerNameRequired };
  if (!EMAIL.test(email)) {
    form.errors.email = { tone: 'bad', text: (d) => (email ? d.signerEmailInvalid : d.signerEmailRequired) };
  }
  if (form.method === 'oidc' && !PROVIDER.test(form.provider.trim().toLowerCase())) {
    form.errors.provider = { tone: 'bad', text: (d) => d.signerProviderInvalid };
  }
  return (['name', 'email', 'provider'] as const).find((field) => form.errors[field]) ?? null;
}

const authMethodOf = (form: SignerFields) =>
  form.method === 'oidc' ? `oidc:${form.provider.trim().toLowerCase()}` : 'email-otp';

/** Which field an API refusal is about, and our words for it. */
function placeFailure(form: SignerFields, result: ApiFailure): SignerField {
  let field: SignerField = 'form';
  if (result.kind === 'http') {
    if (result.error === 'signer_exists') field = 'email';
    else if (result.error === 'unknown_auth_method' || result.error === 'pin_needs_oidc') {
      field = form.method === 'oidc' ? 'provider' : 'method';
    } else if (result.error === 'invalid_request' && /email/i.test(result.message)) field = 'email';
  }
  form.errors[field] = failureMessage(result, {
    signer_exists: (d) => d.signerExists,
    document_not_draft: (d) => d.notDraftAnymore,
    too_many_signers: (d) => d.tooManySigners,
    pin_needs_oidc: (d) => d.signerPinNeedsOidc,
    unknown_auth_method: (d) => d.unknownAuthMethod(result.kind === 'http' ? result.message : ''),
  });
  return field;
}

/**
 * The signers of a document: the list with each one's language; on a draft, adding a signer (the language starts
 * as the document's for every new one, so a choice made for one signer never carries over to the next), changing
 * one in place, removing one after a confirmation in its row, and moving one up or down. Every change is one API
 * call, after which the document is loaded again; focus stays with the signer that was acted on.
 */
export function createSignersPanel(host: SignersHost): { render(d: Dictionary, editable: boolean): HTMLElement } {
  const form: SignerFormState = {
    name: '',
    email: '',
    method: 'email-otp',
    provider: '',
    language: null,
    busy: false,
    errors: {},
    added: null,
  };
  const list: SignerListState = { edit: null, removing: null, moving: null, note: null };
  const fallbackLanguage = (): SignerLanguage => (host.context.t().locale.startsWith('nb') ? 'nb' : 'en');
  const signerById = (id: string) => host.doc()?.signers.find((s) => s.id === id);
  const note = (message: Message | null) => {
    list.note = message;
    form.added = null;
  };

  /** A 404 for a signer (removed in another tab) or a 409 (sent meanwhile): say so and show the document as it is. */
  async function settleConflict(result: ApiFailure, focus: string): Promise<boolean> {
    if (result.kind !== 'http') return false;
    if (result.status === 404) note({ tone: 'warn', text: (d) => d.signerGone });
    else if (result.error === 'document_not_draft') note({ tone: 'warn', text: (d) => d.notDraftAnymore });
    else return false;
    list.edit = null;
    list.removing = null;
    await host.refresh(focus);
    return true;
  }

  async function add(): Promise<void> {
    if (form.busy) return;
    form.added = null;
    list.note = null;
    const first = checkFields(form);
    if (first) return host.render(`signer-${first}`);
    const name = form.name.trim();
    const language = form.language ?? defaultLanguage(host.doc(), fallbackLanguage());
    form.busy = true;
    host.render();
    const signer = { name, email: form.email.trim(), authMethod: authMethodOf(form), language };
    const result = await addSigner(host.documentId, signer);
    form.busy = false;
    if (host.destroyed()) return;
    if (result.ok) {
      Object.assign(form, { name: '', email: '', language: null, errors: {} });
      form.added = { tone: 'ok', text: (d) => d.signerAdded(name, result.value.position) };
      host.changed();
      await host.refresh('signer-name');
      return;
    }
    if (result.kind === 'signed_out') return;
    const field = placeFailure(form, result);
    if (result.kind === 'http' && result.error === 'document_not_draft') await host.refresh();
    host.render(field === 'form' ? 'signer-form-error' : `signer-${field}`);
  }

  function startEdit(signer: Signer): void {
    const oidc = signer.authMethod.startsWith('oidc:');
    list.edit = {
      id: signer.id,
      name: signer.name,
      email: signer.email,
      method: oidc ? 'oidc' : 'email-otp',
      provider: oidc ? signer.authMethod.slice(5) : '',
      language: signer.language ?? defaultLanguage(host.doc(), fallbackLanguage()),
      busy: false,
      errors: {},
    };
    list.removing = null;
    note(null);
    host.render('edit-name');
  }

  /**
   * Closes the row's edit form or remove confirmation (a row shows one at a time); focus goes back to the row's
   * button that opened it.
   */
  function closePanel(): void {
    const opener = list.edit ? `edit-${list.edit.id}` : list.removing ? `remove-${list.removing.id}` : 'signers-title';
    list.edit = null;
    list.removing = null;
    host.render(opener);
  }

  async function saveEdit(): Promise<void> {
    const edit = list.edit;
    const signer = edit ? signerById(edit.id) : undefined;
    if (!edit || edit.busy) return;
    if (!signer) {
      await settleConflict({ ok: false, kind: 'http', status: 404, error: 'not_found', message: '' }, 'signers-title');
      return;
    }
    const first = checkFields(edit);
    if (first) return host.render(`edit-${first}`);
    const changes: Partial<NewSigner> = {};
    if (edit.name.trim() !== signer.name) changes.name = edit.name.trim();
    if (edit.email.trim().toLowerCase() !== signer.email.toLowerCase()) changes.email = edit.email.trim();
    if (authMethodOf(edit) !== signer.authMethod) changes.authMethod = authMethodOf(edit);
    if (edit.language && edit.language !== signer.language) changes.language = edit.language;
    if (!Object.keys(changes).length) return closePanel();
    edit.busy = true;
    host.render();
    const result = await updateSigner(host.documentId, edit.id, changes);
    edit.busy = false;
    if (host.destroyed()) return;
    if (result.ok) {
      const name = changes.name ?? signer.name;
      list.edit = null;
      note({ tone: 'ok', text: (d) => d.signerSaved(name) });
      host.changed();
      await host.refresh(`edit-${signer.id}`);
      return;
    }
    if (result.kind === 'signed_out' || (await settleConflict(result, 'signers-note'))) return;
    const field = placeFailure(edit, result);
    host.render(field === 'form' ? 'edit-form-error' : `edit-${field}`);
  }

  function askRemove(signer: Signer): void {
    list.removing = { id: signer.id, busy: false, error: null };
    list.edit = null;
    note(null);
    host.render('remove-question');
  }

  async function confirmRemove(): Promise<void> {
    const removing = list.removing;
    if (!removing || removing.busy) return;
    const name = signerById(removing.id)?.name ?? '';
    removing.busy = true;
    host.render();
    const result = await removeSigner(host.documentId, removing.id);
    removing.busy = false;
    if (host.destroyed()) return;
    if (result.ok) {
      list.removing = null;
      note({ tone: 'ok', text: (d) => d.signerRemoved(name) });
      host.changed();
      await host.refresh('signers-note');
      return;
    }
    if (result.kind === 'signed_out' || (await settleConflict(result, 'signers-note'))) return;
    removing.error = failureMessage(result);
    host.render('remove-error');
  }

  async function move(signer: Signer, delta: -1 | 1): Promise<void> {
    const signers = sortedSigners(host.doc()?.signers);
    const from = signers.findIndex((s) => s.id === signer.id);
    const to = from + delta;
    if (list.moving || from < 0 || to < 0 || to >= signers.length) return;
    const order = signers.map((s) => s.id);
    [order[from], order[to]] = [order[to]!, order[from]!];
    list.moving = signer.id;
    note(null);
    host.render();
    const result = await reorderSigners(host.documentId, order);
    list.moving = null;
    if (host.destroyed()) return;
    if (result.ok) {
      note({ tone: 'ok', text: (d) => d.signerMoved(signer.name, to + 1) });
      host.changed();
      // the same button while it can still move that way, else the other one
      const atEnd = delta < 0 ? to === 0 : to === signers.length - 1;
      await host.refresh(`${delta < 0 !== atEnd ? 'move-up' : 'move-down'}-${signer.id}`);
      return;
    }
    if (result.kind === 'signed_out' || (await settleConflict(result, 'signers-note'))) return;
    note(failureMessage(result));
    host.render('signers-note');
  }

  const actions: SignerActions = {
    add: () => void add(),
    startEdit,
    saveEdit: () => void saveEdit(),
    closePanel,
    askRemove,
    confirmRemove: () => void confirmRemove(),
    move: (signer, delta) => void move(signer, delta),
    formChanged: () => host.render(),
  };

  return {
    render(d, editable) {
      const doc = host.doc()!;
      if (doc.status !== 'draft') {
        list.edit = null;
        list.removing = null;
      }
      const language = defaultLanguage(doc, fallbackLanguage());
      return renderSigners({ d, doc, editable, form, list, defaultLanguage: language, actions });
    },
  };
}
