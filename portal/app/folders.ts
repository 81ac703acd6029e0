import type { FolderNode, FolderRole, Me } from './api.js';
import { h, icon } from '../shared/dom.js';
import type { Dictionary } from './i18n/dictionary.js';
import { hrefOf, listRoute } from './routes.js';

/** A folder with its place in the tree: depth and the names from the top (what the caller can see of it). */
export interface FolderEntry {
  id: string;
  name: string;
  role: FolderRole;
  depth: number;
  path: string[];
  node: FolderNode;
}

/** The tree the caller can see, depth first in the API's order (names A-Z). */
export function flattenFolders(tree: FolderNode[]): FolderEntry[] {
  const out: FolderEntry[] = [];
  const walk = (nodes: FolderNode[], depth: number, path: string[]) => {
    for (const node of nodes) {
      const here = [...path, node.name];
      out.push({ id: node.id, name: node.name, role: node.role, depth, path: here, node });
      walk(Array.isArray(node.children) ? node.children : [], depth + 1, here);
    }
  };
  walk(tree, 0, []);
  return out;
}

const WRITERS: FolderRole[] = ['admin', 'manager', 'editor'];

/** Whether the caller may upload into, add signers to, send, remind and cancel in a folder. */
export function canEdit(me: Me | null, folder: FolderEntry | undefined | null): boolean {
  if (me?.role === 'admin') return true;
  return Boolean(folder && WRITERS.includes(folder.role));
}

const MANAGERS: FolderRole[] = ['admin', 'manager'];

/** Whether the caller may manage a folder's documents: place and release legal holds (the API's manager role). */
export function canManage(me: Me | null, folder: FolderEntry | undefined | null): boolean {
  if (me?.role === 'admin') return true;
  return Boolean(folder && MANAGERS.includes(folder.role));
}

/**
 * The folder tree as navigation: "All documents" and every folder, nested lists of links (real addresses, so they
 * open in a new tab too); the current one is marked with aria-current.
 */
export function renderFolderNav(options: {
  d: Dictionary;
  tree: FolderNode[];
  currentId: string | null;
  currentIsPage: boolean;
  allCurrent: boolean;
}): HTMLElement {
  const { d } = options;
  const link = (folderId: string | null, text: string, current: boolean, extra?: Node | null) =>
    h(
      'a',
      // the folder's own list is the page; a document inside it makes the folder the current location
      {
        href: hrefOf(listRoute(folderId)),
        class: 'folder-link',
        'data-nav': 'true',
        'aria-current': current ? (options.currentIsPage ? 'page' : 'location') : undefined,
        'data-folder': folderId ?? '',
      },
      icon(folderId ? 'folder' : 'file'),
      h('span', { class: 'folder-name' }, text),
      extra ?? null,
    );
  const list = (nodes: FolderNode[]): HTMLElement =>
    h(
      'ul',
      { class: 'folder-list' },
      ...nodes.map((node) =>
        h(
          'li',
          {},
          link(
            node.id,
            node.name,
            options.currentId === node.id,
            node.role === 'viewer' ? h('span', { class: 'folder-role' }, d.roleViewer) : null,
          ),
          node.children?.length ? list(node.children) : null,
        ),
      ),
    );
  return h(
    'div',
    { class: 'folder-tree' },
    h('ul', { class: 'folder-list folder-root' }, h('li', {}, link(null, d.allDocuments, options.allCurrent))),
    options.tree.length ? list(options.tree) : h('p', { class: 'hint folder-empty' }, d.noFolders),
  );
}
