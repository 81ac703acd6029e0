import {
  cancelDocument,
  getAuditTrail,
  getDocument,
  pdfUrl,
  placeLegalHold,
  releaseLegalHold,
  remindSigners,
  sendDocument,
  verificationUrl,
  DOCUMENT_STATUSES,
  type ApiFailure,
  type DocumentStatus,
  type DocumentView,
} from './api.js';
import { copyText } from '../shared/clipboard.js';
import { documentActions } from './document-actions.js';
import type { AppContext, View } from './context.js';
import {
  addDays,
  dateInput,
  endOfDay,
  isSealing,
  progressOf,
  sortedSigners,
  turnOf,
  type DocumentState,
} from './document-state.js';
import { canEdit, canManage } from './folders.js';
import type { Dictionary } from './i18n/dictionary.js';
import { renderAudit } from './render-audit.js';
import { HOLD_REASON_MAX, renderHoldForm, renderHoldNotice, retentionFact } from './render-retention.js';
import { MAX_EXPIRY_DAYS, renderLinks, renderSend } from './render-send.js';
import { createSignersPanel } from './signers-panel.js';
import { createDocumentPreview } from './document-preview.js';
import { hrefOf, listRoute, type Route } from './routes.js';
import {
  button,
  card,
  cardHead,
  fact,
  failureMessage,
  fieldError,
  formatBytes,
  formatDateTime,
  groupHex,
  keepFocus,
  linkButton,
  notice,
  STATUS_ICON,
  STATUS_TONE,
  statusBadge,
  timeElement,
  titleContent,
  titleText,
  working,
  type Message,
} from './ui.js';
import { fill, focusElement, h, icon } from '../shared/dom.js';
import { handleSubmit, closeOnEscape } from '../shared/form-events.js';

const POLL_PENDING_MS = 5_000;
const POLL_SEALING_MS = 1_500;
const CANCEL_REASON_MAX = 500;

/** A deadline the API accepts: from a minute ahead to MAX_EXPIRY_DAYS ahead (the end of the chosen day). */
function deadlineValid(value: string): boolean {
  const deadline = endOfDay(value);
  const now = Date.now();
  if (!deadline) return false;
  return deadline.getTime() > now + 60_000 && deadline.getTime() <= now + MAX_EXPIRY_DAYS * 24 * 3600 * 1000;
}

/** What changed between two loads of the document (status, signers, seal): worth a re-render and a new audit trail. */
function fingerprint(doc: DocumentView): string {
  return JSON.stringify([
    doc.status,
    doc.updatedAt,
    doc.completedAt,
    doc.sealedAt,
    (doc.signers ?? []).map((s) => [s.id, s.status]),
  ]);
}

/**
 * One document: its status and what can be done now (draft: add signers and send; pending: remind, cancel), the
 * signing links right after sending, the signers, the details, and the audit trail with its chain check. While
 * pending it refreshes itself (faster while the seal is made), paused while the tab is hidden.
 */
export function createDocumentView(context: AppContext, route: Extract<Route, { view: 'document' }>): View {
  const id = route.id;
  const state: DocumentState = {
    doc: null,
    loadError: null,
    audit: null,
    auditError: null,
    auditLoading: false,
    flash: context.takeFlash(),
    send: {
      order: 'parallel',
      expires: dateInput(addDays(new Date(), 30)),
      busy: false,
      reviewing: false,
      error: null,
    },
    remind: { busy: false, result: null },
    cancel: { open: false, reason: '', busy: false, error: null },
    hold: { open: false, reason: '', busy: false, error: null, releasing: false, releaseError: null },
    copied: null,
  };
  let destroyed = false;
  const signers = createSignersPanel({
    context,
    documentId: id,
    doc: () => state.doc,
    render: (focus) => render(focus),
    refresh: (focus) => refresh(focus),
    destroyed: () => destroyed,
    changed: () => {
      state.send.reviewing = false;
      state.send.error = null;
    },
  });
  const preview = createDocumentPreview({ assets: context.pdfjs });
  let pollTimer: number | undefined;
  let copiedTimer: number | undefined;
  let lastSeen = '';
  let started = false;
  let pollSince = 0;
  let pollPhase: 'pending' | 'sealing' = 'pending';

  const headRegion = h('div', { class: 'page-head doc-head' });
  const live = h('p', { class: 'visually-hidden', role: 'status', id: 'doc-live' });
  const statusRegion = h('div', {});
  const linksRegion = h('div', {});
  const signersRegion = h('div', {});
  const sendRegion = h('div', {});
  const previewRegion = h('div', {});
  const detailsRegion = h('div', { class: 'details-region' });
  const auditRegion = h('div', { class: 'audit-region' });
  // Phones read top to bottom: what to do now, then the details, then the audit trail; wide screens put the
  // details beside the rest (grid areas in app.css).
  const regions = [statusRegion, linksRegion, signersRegion, sendRegion, previewRegion];
  const primary = h('div', { class: 'doc-primary' }, ...regions);
  const layout = h('div', { class: 'doc-layout' }, primary, detailsRegion, auditRegion);
  const element = h('div', { class: 'view view-document' }, headRegion, live, layout);

  const editable = () => {
    const doc = state.doc;
    if (!doc) return false;
    return context.me.role === 'admin' || canEdit(context.me, context.folder(doc.folderId));
  };
  /** Legal holds need the manager role on the document's folder (administrators have it everywhere). */
  const manageable = () => {
    const doc = state.doc;
    if (!doc || doc.status === 'deleted') return false;
    return canManage(context.me, context.folder(doc.folderId));
  };
  /** Deleted by retention: the title, signers and audit events are erased (the trail says how many). */
  const erased = (doc: DocumentView) => doc.status === 'deleted' && (!doc.title.trim() || Boolean(state.audit?.erased));
  const statusOf = (doc: DocumentView): DocumentStatus =>
    DOCUMENT_STATUSES.includes(doc.status) ? doc.status : 'draft';

  // ---- rendering ----
  function renderHead(d: Dictionary): void {
    const doc = state.doc;
    const folder = doc ? context.folder(doc.folderId) : undefined;
    const back = h(
      'a',
      { class: 'back-link', id: 'back', href: hrefOf(listRoute(folder?.id ?? null)), 'data-nav': 'true' },
      icon('back'),
      h('span', {}, folder ? d.backTo(folder.name) : d.backToAll),
    );
    if (!doc) {
      fill(
        headRegion,
        back,
        state.loadError
          ? h('h1', { id: 'page-title', tabindex: '-1' }, d.documentUnavailable)
          : h('h1', { id: 'page-title', tabindex: '-1', class: 'visually-hidden' }, d.loadingDocument),
      );
      return;
    }
    const status = statusOf(doc);
    context.setTitle(titleText(d, doc));
    context.setFolder(doc.folderId);
    fill(
      headRegion,
      back,
      h('h1', { id: 'page-title', tabindex: '-1' }, titleContent(d, doc)),
      h(
        'div',
        { class: 'doc-meta-row' },
        statusBadge(d, status, status === 'pending' ? progressOf(doc) : null, isSealing(doc)),
        // a document without a title (deleted by retention) has its code in the heading already
        doc.title.trim()
          ? h(
              'span',
              { class: 'doc-code' },
              h('span', { class: 'visually-hidden' }, d.fieldCode, ': '),
              h('span', { class: 'mono', id: 'doc-code' }, doc.code),
            )
          : null,
        h(
          'a',
          {
            class: 'verify-link',
            id: 'verify-link',
            href: verificationUrl(doc.code),
            target: '_blank',
            rel: 'noopener',
          },
          icon('seal'),
          h('span', {}, d.verifyLink),
          h('span', { class: 'visually-hidden' }, ` (${d.opensNewTab})`),
        ),
      ),
    );
  }

  function statusTexts(
    d: Dictionary,
    doc: DocumentView,
  ): { title: string; text: string; tone: string; icon: Parameters<typeof icon>[0] } {
    const status = statusOf(doc);
    const signers = sortedSigners(doc.signers);
    const { signed, total } = progressOf(doc);
    if (isSealing(doc)) return { title: d.sealingTitle, text: d.sealingText, tone: 'progress', icon: 'seal' };
    switch (status) {
      case 'draft':
        return {
          title: d.draftTitle,
          text: total ? d.draftTextReady(total) : d.draftText,
          tone: 'neutral',
          icon: 'file',
        };
      case 'pending': {
        const waiting = signers.filter((s) => turnOf(doc).has(s.id)).map((s) => s.name);
        const deadline = formatDateTime(doc.expiresAt, d.locale);
        return {
          title: d.pendingTitle(signed, total),
          text: [d.pendingWaitingFor(waiting, doc.order), deadline ? d.pendingDeadline(deadline) : '']
            .filter(Boolean)
            .join(' '),
          tone: 'progress',
          icon: 'wait',
        };
      }
      case 'completed':
        return {
          title: d.completedTitle,
          text: d.completedText(formatDateTime(doc.sealedAt ?? doc.completedAt, d.locale) ?? '', doc.level),
          tone: 'ok',
          icon: 'seal',
        };
      case 'declined': {
        const who = signers.find((s) => s.status === 'declined');
        return {
          title: d.declinedTitle,
          text: who ? d.declinedText(who.name, who.declineReason) : d.declinedTextUnknown,
          tone: 'bad',
          icon: 'bad',
        };
      }
      case 'expired':
        return {
          title: d.expiredTitle,
          text: d.expiredText(formatDateTime(doc.expiresAt, d.locale) ?? ''),
          tone: 'warn',
          icon: 'wait',
        };
      case 'cancelled':
        return { title: d.cancelledTitle, text: d.cancelledText, tone: 'warn', icon: 'bad' };
      default:
        return {
          title: d.deletedTitle,
          text: erased(doc) ? `${d.deletedText} ${d.deletedByRetentionText}` : d.deletedText,
          tone: 'neutral',
          icon: 'info',
        };
    }
  }

  function renderStatus(d: Dictionary): void {
    const doc = state.doc!;
    const status = statusOf(doc);
    const look = statusTexts(d, doc);
    const sealing = isSealing(doc);
    const canRemind = status === 'pending' && !sealing && editable();
    // While sealing, only a seal the server gave up on may be withdrawn (the API answers 409 otherwise).
    const sealFailed = sealing && lastEventIs('document.failed');
    const canCancel = (status === 'draft' || status === 'pending') && (!sealing || sealFailed) && editable();
    const canHold = manageable() && !doc.legalHold;
    const actions = h(
      'div',
      { class: 'actions status-actions' },
      status !== 'deleted'
        ? linkButton({
            id: 'download',
            href: pdfUrl(doc.id),
            kind: status === 'completed' ? 'primary' : 'secondary',
            icon: 'download',
            text: status === 'completed' ? d.downloadSigned : d.downloadOriginal,
          })
        : null,
      canRemind
        ? button({
            id: 'remind',
            kind: 'secondary',
            icon: 'bell',
            text: state.remind.busy ? d.reminding : d.remind,
            disabled: state.remind.busy,
            onClick: () => void remind(),
          })
        : null,
      canCancel && !state.cancel.open
        ? button({
            id: 'cancel-open',
            kind: 'secondary',
            icon: 'bad',
            text: status === 'draft' ? d.cancelDraftOpen : d.cancelOpen,
            attrs: { 'aria-expanded': 'false', 'aria-controls': 'cancel-panel', class: 'secondary danger-outline' },
            onClick: () => openCancel(true),
          })
        : null,
      canHold && !state.hold.open
        ? button({
            id: 'hold-open',
            kind: 'secondary',
            icon: 'lock',
            text: d.holdOpen,
            attrs: { 'aria-expanded': 'false', 'aria-controls': 'hold-panel' },
            onClick: () => openHold(true),
          })
        : null,
    );
    fill(
      statusRegion,
      state.flash ? notice(state.flash, d, 'doc-flash') : null,
      h(
        'section',
        {
          class: `result status-card tone-${sealing ? 'progress' : STATUS_TONE[status]}`,
          id: 'status',
          'data-status': sealing ? 'sealing' : status,
          'aria-labelledby': 'status-title',
        },
        h(
          'div',
          { class: 'result-head' },
          h('span', { class: 'badge-icon' }, icon(sealing ? 'seal' : (look.icon ?? STATUS_ICON[status]))),
          h(
            'div',
            {},
            h('p', { class: 'eyebrow' }, d.statusHeading),
            h('h2', { id: 'status-title', tabindex: '-1' }, look.title),
          ),
        ),
        sealing ? working(look.text, 'sealing-note') : h('p', { class: 'result-text' }, look.text),
        actions,
        state.remind.result ? notice(state.remind.result, d, 'remind-result') : null,
        canCancel && state.cancel.open ? renderCancel(d, status === 'draft') : null,
        canHold && state.hold.open
          ? renderHoldForm({ d, state: state.hold, onSubmit: () => void placeHold(), onClose: () => openHold(false) })
          : null,
      ),
      renderHoldNotice({ d, doc, state: state.hold, canManage: manageable(), onRelease: () => void releaseHold() }),
      documentActions({
        context,
        doc,
        idPrefix: 'doc',
        onDone: (message, deleted) => {
          state.flash = message;
          if (deleted) state.audit = null;
          void context.refreshFolders().then(() => refresh('doc-flash'));
        },
      }),
    );
  }

  function lastEventIs(type: string): boolean {
    const events = state.audit?.events ?? [];
    return events.length > 0 && [...events].sort((a, b) => a.seq - b.seq)[events.length - 1]!.type === type;
  }

  function renderCancel(d: Dictionary, draft: boolean): HTMLElement {
    const reason = h('textarea', {
      id: 'cancel-reason',
      name: 'reason',
      rows: '3',
      maxlength: String(CANCEL_REASON_MAX),
      'aria-describedby': state.cancel.error ? 'cancel-hint cancel-error' : 'cancel-hint',
    });
    reason.value = state.cancel.reason;
    reason.addEventListener('input', () => (state.cancel.reason = reason.value));
    const form = h(
      'form',
      { id: 'cancel-panel', class: 'cancel-panel', novalidate: true, 'aria-labelledby': 'cancel-title' },
      h('h3', { id: 'cancel-title' }, draft ? d.cancelDraftTitle : d.cancelTitle),
      h('p', {}, draft ? d.cancelDraftText : d.cancelText),
      h('label', { for: 'cancel-reason', class: 'field-label' }, d.cancelReasonLabel),
      h('p', { class: 'hint', id: 'cancel-hint' }, d.cancelReasonHint),
      reason,
      state.cancel.error ? fieldError('cancel-error', state.cancel.error.text(d)) : null,
      h(
        'div',
        { class: 'actions' },
        button({
          id: 'cancel-confirm',
          type: 'submit',
          kind: 'danger',
          text: state.cancel.busy ? d.cancelling : draft ? d.cancelDraftConfirm : d.cancelConfirm,
          disabled: state.cancel.busy,
        }),
        button({
          id: 'cancel-keep',
          kind: 'secondary',
          text: d.cancelKeep,
          disabled: state.cancel.busy,
          onClick: () => openCancel(false),
        }),
      ),
    );
    handleSubmit({ form, onSubmit: () => void cancel() });
    closeOnEscape({ element: form, isBusy: () => state.cancel.busy, onClose: () => openCancel(false) });
    return form;
  }

  function renderDetails(d: Dictionary): void {
    const doc = state.doc!;
    const folder = context.folder(doc.folderId);
    const facts = h(
      'dl',
      { class: 'facts' },
      fact(d.fieldCode, doc.code, 'mono'),
      fact(d.fieldFolder, folder ? folder.path.join(' / ') : doc.folderId ? '–' : d.topLevel),
      fact(d.fieldUploaded, timeElement(doc.createdAt, d.locale)),
      fact(d.fieldPages, doc.pageCount ? d.pageCount(doc.pageCount) : '–'),
      fact(d.fieldSize, formatBytes(doc.sizeBytes, d.locale)),
      doc.sentAt ? fact(d.fieldOrder, doc.order === 'sequential' ? d.orderSequential : d.orderParallel) : null,
      doc.sentAt ? fact(d.fieldSent, timeElement(doc.sentAt, d.locale)) : null,
      doc.expiresAt ? fact(d.fieldExpires, timeElement(doc.expiresAt, d.locale)) : null,
      doc.completedAt ? fact(d.fieldAllSigned, timeElement(doc.completedAt, d.locale)) : null,
      doc.sealedAt ? fact(d.fieldSealed, timeElement(doc.sealedAt, d.locale)) : null,
      doc.level || doc.status === 'completed'
        ? fact(d.fieldLevel, h('span', { id: 'doc-level' }, d.levelName(doc.level)))
        : null,
      doc.deletedAt ? fact(d.fieldDeleted, timeElement(doc.deletedAt, d.locale)) : null,
      retentionFact(d, doc, (folderId) => context.folder(folderId)),
    );
    const hashes = h(
      'details',
      { class: 'tech fingerprints' },
      h('summary', {}, d.fingerprints),
      h('p', { class: 'hint' }, d.fingerprintsHelp),
      h('p', { class: 'fp-label' }, d.fieldOriginalSha),
      h('p', { class: 'mono hash' }, groupHex(doc.sha256 ?? '')),
      doc.finalSha256 ? h('p', { class: 'fp-label' }, d.fieldFinalSha) : null,
      doc.finalSha256 ? h('p', { class: 'mono hash', id: 'final-sha256' }, groupHex(doc.finalSha256)) : null,
    );
    fill(
      detailsRegion,
      card(
        { id: 'details', 'aria-labelledby': 'details-title' },
        cardHead({ icon: 'info', title: d.detailsTitle, id: 'details-title' }),
        facts,
        hashes,
      ),
    );
  }

  function renderBody(): void {
    const d = context.t();
    renderHead(d);
    const doc = state.doc;
    if (!doc) {
      fill(
        statusRegion,
        state.loadError ? notice(state.loadError, d, 'doc-error') : working(d.loadingDocument),
        state.loadError
          ? h(
              'p',
              { class: 'actions' },
              button({ id: 'doc-retry', kind: 'secondary', text: d.retry, onClick: () => void load('page-title') }),
            )
          : null,
      );
      for (const region of [linksRegion, signersRegion, sendRegion, previewRegion, detailsRegion, auditRegion]) {
        fill(region);
      }
      layout.classList.add('loading');
      return;
    }
    layout.classList.remove('loading');
    renderStatus(d);
    const sent = context.sentLinks.get(doc.id);
    // The links matter only while someone can still sign with them.
    fill(
      linksRegion,
      sent && doc.status === 'pending' && !isSealing(doc)
        ? renderLinks({
            d,
            doc,
            sent,
            copied: state.copied,
            onCopy: (signerId, url, field) => void copy(signerId, url, field),
            onHide: hideLinks,
          })
        : null,
    );
    fill(signersRegion, signers.render(d, editable()));
    const sendCard = () =>
      renderSend({ d, doc, form: state.send, onReview: review, onSend: () => void send(), onBack: backToEditing });
    fill(sendRegion, doc.status === 'draft' && editable() ? sendCard() : null);
    // the preview card lives as long as the view: it is placed once, so the pages drawn are never moved
    const previewCard = preview.render(d, doc);
    if (previewRegion.firstChild !== previewCard) fill(previewRegion, previewCard);
    renderDetails(d);
    fill(
      auditRegion,
      renderAudit({
        d,
        trail: state.audit,
        loading: state.auditLoading,
        error: state.auditError,
        signers: doc.signers ?? [],
        onRefresh: () => void loadAudit(true),
      }),
    );
  }

  function render(focus?: string): void {
    if (focus) {
      renderBody();
      focusElement(document.getElementById(focus));
    } else keepFocus(renderBody);
  }

  // ---- loading and polling ----
  async function load(focus?: string): Promise<void> {
    const result = await getDocument(id);
    if (destroyed) return;
    if (!result.ok) {
      if (result.kind === 'signed_out') return;
      state.loadError = failureMessage(result, { not_found: (d) => d.documentNotFound });
      render(focus);
      return;
    }
    state.loadError = null;
    setDocument(result.value);
    render(focus);
    void loadAudit(false);
  }

  function setDocument(doc: DocumentView): void {
    const before = state.doc;
    state.doc = doc;
    lastSeen = fingerprint(doc);
    const signerStates = (x: DocumentView) => JSON.stringify((x.signers ?? []).map((s) => [s.id, s.status]));
    // what a reminder said no longer holds once someone has signed or the status moved on
    if (before && signerStates(before) !== signerStates(doc)) state.remind.result = null;
    if (before && (before.status !== doc.status || isSealing(before) !== isSealing(doc))) {
      state.remind.result = null;
      const d = context.t();
      live.textContent = d.statusChanged(isSealing(doc) ? d.statusSealing : d.status[statusOf(doc)]);
    }
    schedulePoll();
  }

  async function loadAudit(byHand: boolean): Promise<void> {
    state.auditLoading = true;
    if (byHand) render();
    const result = await getAuditTrail(id);
    if (destroyed) return;
    state.auditLoading = false;
    if (result.ok) {
      state.audit = result.value;
      state.auditError = null;
    } else if (result.kind !== 'signed_out') state.auditError = failureMessage(result);
    render();
  }

  /** Fast at first, slower when nothing happens for a while (a seal that keeps failing is retried by the server). */
  function schedulePoll(): void {
    window.clearTimeout(pollTimer);
    const doc = state.doc;
    if (destroyed || !doc || doc.status !== 'pending' || document.visibilityState === 'hidden') {
      pollSince = 0;
      return;
    }
    const phase = isSealing(doc) ? 'sealing' : 'pending';
    if (!pollSince || pollPhase !== phase) {
      pollSince = Date.now();
      pollPhase = phase;
    }
    const elapsed = Date.now() - pollSince;
    const base = phase === 'sealing' ? POLL_SEALING_MS : POLL_PENDING_MS;
    pollTimer = window.setTimeout(() => void poll(), elapsed < 120_000 ? base : elapsed < 600_000 ? 15_000 : 30_000);
  }

  async function poll(): Promise<void> {
    const result = await getDocument(id);
    if (destroyed) return;
    if (result.ok) {
      const changed = fingerprint(result.value) !== lastSeen;
      setDocument(result.value);
      if (changed) {
        render();
        void loadAudit(false);
      }
      return;
    }
    schedulePoll();
  }

  const onVisibility = () => {
    if (document.visibilityState === 'visible' && state.doc?.status === 'pending') void poll();
    else schedulePoll();
  };
  document.addEventListener('visibilitychange', onVisibility);

  /** After an action: the document again (its status changed), then the audit trail. */
  async function refresh(focus?: string): Promise<void> {
    const result = await getDocument(id);
    if (destroyed) return;
    if (result.ok) setDocument(result.value);
    render(focus);
    void loadAudit(false);
  }

  // ---- actions ----
  /** Checks what can be checked here, then opens the review; nothing is sent before "Send now". */
  function review(): void {
    const form = state.send;
    const doc = state.doc;
    if (form.busy || !doc) return;
    form.error = null;
    if (!doc.signers?.length) {
      form.error = { field: 'form', message: { tone: 'bad', text: (d) => d.sendNeedsSigners } };
      render('send-form-error');
      return;
    }
    if (!deadlineValid(form.expires)) {
      form.error = { field: 'expires', message: { tone: 'bad', text: (d) => d.expiresInvalid(MAX_EXPIRY_DAYS) } };
      render('send-expires');
      return;
    }
    form.reviewing = true;
    render('review-title');
  }

  function backToEditing(): void {
    state.send.reviewing = false;
    state.send.error = null;
    render('send-submit');
  }

  async function send(): Promise<void> {
    const form = state.send;
    const doc = state.doc;
    if (form.busy || !doc || !form.reviewing) return;
    form.error = null;
    const deadline = endOfDay(form.expires);
    // the review may have stayed open past midnight: the deadline is checked again
    if (!deadline || !deadlineValid(form.expires)) {
      form.reviewing = false;
      form.error = { field: 'expires', message: { tone: 'bad', text: (d) => d.expiresInvalid(MAX_EXPIRY_DAYS) } };
      render('send-expires');
      return;
    }
    form.busy = true;
    render();
    const result = await sendDocument(id, { order: form.order, expiresAt: deadline.toISOString() });
    form.busy = false;
    if (destroyed) return;
    if (result.ok) {
      context.sentLinks.set(id, result.value);
      state.flash = null;
      form.reviewing = false;
      await refresh('links-title');
      return;
    }
    if (result.kind === 'signed_out') return;
    form.error = {
      field: result.kind === 'http' && result.error === 'invalid_expiry' ? 'expires' : 'form',
      message: failureMessage(result, {
        no_signers: (d) => d.sendNeedsSigners,
        document_not_draft: (d) => d.notDraftAnymore,
        invalid_expiry: (d) => d.expiresInvalid(MAX_EXPIRY_DAYS),
      }),
    };
    if (result.kind === 'http' && result.error === 'document_not_draft') {
      form.reviewing = false;
      await refresh('status-title');
      return;
    }
    if (form.error.field === 'expires') form.reviewing = false;
    render(form.error.field === 'expires' ? 'send-expires' : 'send-form-error');
  }

  async function remind(): Promise<void> {
    if (state.remind.busy) return;
    state.remind = { busy: true, result: null };
    render();
    const result = await remindSigners(id);
    if (destroyed) return;
    state.remind.busy = false;
    if (result.ok) {
      const names = (ids: string[]) =>
        ids.map((signerId) => state.doc?.signers.find((s) => s.id === signerId)?.name ?? signerId);
      const reminded = names(result.value.reminded ?? []);
      const skipped = names(result.value.skipped ?? []);
      state.remind.result = { tone: reminded.length ? 'ok' : 'info', text: (d) => d.remindResult(reminded, skipped) };
      await refresh('remind-result');
      return;
    }
    if (result.kind === 'signed_out') return;
    state.remind.result = failureMessage(result, { document_not_pending: (d) => d.notPendingAnymore });
    await refresh('remind-result');
  }

  function openCancel(open: boolean): void {
    state.cancel.open = open;
    state.cancel.error = null;
    if (open) state.hold.open = false;
    render(open ? 'cancel-reason' : 'cancel-open');
  }

  function openHold(open: boolean): void {
    state.hold.open = open;
    state.hold.error = null;
    if (open) state.cancel.open = false;
    render(open ? 'hold-reason' : 'hold-open');
  }

  /**
   * A 409 to a hold, release or cancel means the document moved on meanwhile (signed, sealed, held elsewhere): the
   * form closes (`close`) and the reason shows above a fresh copy of the document. True when that happened.
   */
  async function settleConflict(options: {
    result: ApiFailure;
    message: Message;
    close: () => void;
  }): Promise<boolean> {
    if (options.result.kind !== 'http' || options.result.status !== 409) return false;
    options.close();
    state.flash = options.message;
    await refresh('doc-flash');
    return true;
  }

  const holdKnown = {
    forbidden: (d: Dictionary) => d.holdForbidden,
    document_deleted: (d: Dictionary) => d.holdDeleted,
  };

  async function placeHold(): Promise<void> {
    const form = state.hold;
    if (form.busy) return;
    const reason = form.reason.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    if (!reason || reason.length > HOLD_REASON_MAX) {
      form.error = {
        tone: 'bad',
        text: (d) => (reason ? d.cancelReasonTooLong(HOLD_REASON_MAX) : d.holdReasonRequired),
      };
      render('hold-reason');
      return;
    }
    form.busy = true;
    form.error = null;
    render();
    const result = await placeLegalHold(id, reason);
    form.busy = false;
    if (destroyed) return;
    if (result.ok) {
      state.hold = { open: false, reason: '', busy: false, error: null, releasing: false, releaseError: null };
      state.flash = null;
      setDocument(result.value);
      render('hold-notice');
      void loadAudit(false);
      return;
    }
    if (result.kind === 'signed_out') return;
    form.error = failureMessage(result, holdKnown);
    const close = () => {
      form.open = false;
      form.error = null;
    };
    if (await settleConflict({ result, message: form.error, close })) return;
    render('hold-error');
  }

  async function releaseHold(): Promise<void> {
    const form = state.hold;
    if (form.releasing) return;
    form.releasing = true;
    form.releaseError = null;
    render();
    const result = await releaseLegalHold(id);
    form.releasing = false;
    if (destroyed) return;
    if (result.ok) {
      state.flash = { tone: 'ok', text: (d) => d.holdReleased };
      setDocument(result.value);
      render(result.value.legalHold || !manageable() ? 'doc-flash' : 'hold-open');
      void loadAudit(false);
      return;
    }
    if (result.kind === 'signed_out') return;
    form.releaseError = failureMessage(result, holdKnown);
    if (await settleConflict({ result, message: form.releaseError, close: () => (form.releaseError = null) })) return;
    render('release-error');
  }

  async function cancel(): Promise<void> {
    const form = state.cancel;
    if (form.busy) return;
    const reason = form.reason.trim();
    if (reason.length > CANCEL_REASON_MAX) {
      form.error = { tone: 'bad', text: (d) => d.cancelReasonTooLong(CANCEL_REASON_MAX) };
      render('cancel-reason');
      return;
    }
    form.busy = true;
    form.error = null;
    render();
    const result = await cancelDocument(id, reason.replace(/[\u0000-\u001f\u007f]+/g, ' '));
    form.busy = false;
    if (destroyed) return;
    if (result.ok) {
      const wasDraft = state.doc?.status === 'draft';
      state.cancel = { open: false, reason: '', busy: false, error: null };
      state.remind.result = null;
      state.flash = { tone: 'ok', text: (d) => (wasDraft ? d.cancelDraftDone : d.cancelDone) };
      await refresh('status-title');
      return;
    }
    if (result.kind === 'signed_out') return;
    form.error = failureMessage(result, {
      document_not_pending: (d) => d.notPendingAnymore,
      document_sealing: (d) => d.cancelSealing,
    });
    if (await settleConflict({ result, message: form.error, close: () => (state.cancel.open = false) })) return;
    render('cancel-error');
  }

  async function copy(signerId: string, url: string, field: HTMLInputElement): Promise<void> {
    const ok = await copyText(url, field);
    if (destroyed) return;
    state.copied = { id: signerId, ok };
    const index = field.id.replace('link-', '');
    render(`copy-${index}`);
    window.clearTimeout(copiedTimer);
    copiedTimer = window.setTimeout(() => {
      state.copied = null;
      render();
    }, 4000);
  }

  function hideLinks(): void {
    context.sentLinks.delete(id);
    render('signers-title');
  }

  return {
    element,
    render() {
      render();
      if (!started) {
        started = true;
        void load();
      }
    },
    destroy() {
      destroyed = true;
      preview.destroy();
      window.clearTimeout(pollTimer);
      window.clearTimeout(copiedTimer);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
