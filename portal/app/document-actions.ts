import { deleteDocument, moveDocument, type DocumentView } from './api.js';
import type { AppContext } from './context.js';
import { canEdit, canManage } from './folders.js';
import { button, failureMessage, notice, type Message } from './ui.js';
import { h } from '../shared/dom.js';

/** The menus a person has open (by id): views draw themselves again (polling, after actions) without closing them. */
const openMenus = new Set<string>();

/**
 * "More actions" of a document, on its page and in the list: move it to another folder (editor on both; the top level
 * is for administrators) and delete it (manager; confirmed). `onDone` gets a message and whether it is gone.
 */
export function documentActions(options: {
  context: AppContext;
  doc: DocumentView;
  idPrefix: string;
  onDone: (message: Message, deleted: boolean) => void;
}): HTMLElement | null {
  const { context, doc, idPrefix } = options;
  const d = context.t();
  const a = d.admin.documentActions;
  if (doc.status === 'deleted') return null;
  const current = context.folder(doc.folderId);
  const mayMove = context.me.role === 'admin' || canEdit(context.me, current);
  const mayDelete = context.me.role === 'admin' || canManage(context.me, current);
  if (!mayMove && !mayDelete) return null;
  let error: Message | null = null;
  const targets = context.folders.filter((f) => f.id !== doc.folderId && canEdit(context.me, f));
  const select = h(
    'select',
    { id: `${idPrefix}-move-to`, name: 'folderId' },
    ...(context.me.role === 'admin' && doc.folderId ? [h('option', { value: '' }, d.topLevel)] : []),
    ...targets.map((f) => h('option', { value: f.id }, `${'\u2003'.repeat(f.depth)}${f.name}`)),
  );
  const errorHolder = h('div', {});
  const fail = (result: Parameters<typeof failureMessage>[0]) => {
    error = failureMessage(
      result,
      Object.fromEntries(Object.entries(a.errors).map(([code, text]) => [code, () => text])),
    );
    errorHolder.replaceChildren(notice(error, context.t(), `${idPrefix}-action-error`));
    document.getElementById(`${idPrefix}-action-error`)?.focus();
  };
  const menuId = `${idPrefix}-actions`;
  const move = button({
    id: `${idPrefix}-move`,
    kind: 'secondary',
    text: a.moveSubmit,
    onClick: () => {
      const target = select.value || null;
      void moveDocument(doc.id, target).then((result) => {
        if (!result.ok) return fail(result);
        openMenus.delete(menuId);
        const name = target ? (context.folder(target)?.name ?? '') : d.topLevel;
        options.onDone({ tone: 'ok', text: (x) => x.admin.documentActions.moved(name) }, false);
      });
    },
  });
  const remove = button({
    id: `${idPrefix}-delete`,
    kind: 'danger',
    text: a.delete,
    onClick: () => {
      if (!window.confirm(`${a.deleteTitle}\n\n${a.deleteText}`)) return;
      void deleteDocument(doc.id).then((result) => {
        if (!result.ok) return fail(result);
        openMenus.delete(menuId);
        options.onDone({ tone: 'ok', text: (x) => x.admin.documentActions.deleted }, true);
      });
    },
  });
  const menu = h(
    'details',
    { class: 'doc-actions-menu', id: menuId, open: openMenus.has(menuId) },
    h('summary', {}, a.more),
    mayMove && select.options.length
      ? h(
          'div',
          { class: 'inline-form' },
          h(
            'div',
            { class: 'field' },
            h('label', { for: `${idPrefix}-move-to`, class: 'field-label' }, a.moveTo),
            select,
          ),
          move,
        )
      : null,
    mayDelete ? h('div', { class: 'actions' }, remove) : null,
    errorHolder,
  );
  menu.addEventListener('toggle', () => {
    if (menu.open) openMenus.add(menuId);
    else openMenus.delete(menuId);
  });
  return menu;
}
