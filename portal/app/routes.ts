import { DOCUMENT_STATUSES, type DocumentStatus } from './api.js';
import { ADMIN_SECTIONS, type AdminSection } from './admin/section.js';

/**
 * The app's addresses, real paths the server answers with the same shell (so reload, back and links work):
 * `/app` (every document I can see), `/app?folder=<id>&status=<status>&q=<text>&from=<day>&to=<day>` (a folder,
 * filtered; days as YYYY-MM-DD, both included) and `/app/documents/<id>` (one document).
 */
export type Route =
  | { view: 'list'; folderId: string | null; status: DocumentStatus | null; q: string; from: string; to: string }
  | { view: 'document'; id: string }
  | { view: 'admin'; section: AdminSection };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseRoute(pathname: string, search: string): Route {
  const admin = /^\/app\/([a-z]+)\/?$/.exec(pathname)?.[1];
  if (admin && (ADMIN_SECTIONS as string[]).includes(admin)) return { view: 'admin', section: admin as AdminSection };
  const match = /^\/app\/documents\/([^/]+)\/?$/.exec(pathname);
  if (match) {
    const id = decodeURIComponent(match[1]!);
    if (ID.test(id)) return { view: 'document', id };
  }
  const query = new URLSearchParams(search);
  const folder = query.get('folder');
  const status = query.get('status');
  return {
    view: 'list',
    folderId: folder && ID.test(folder) ? folder : null,
    status: status && (DOCUMENT_STATUSES as string[]).includes(status) ? (status as DocumentStatus) : null,
    q: (query.get('q') ?? '').slice(0, 200),
    from: DAY.test(query.get('from') ?? '') ? query.get('from')! : '',
    to: DAY.test(query.get('to') ?? '') ? query.get('to')! : '',
  };
}

export function hrefOf(route: Route): string {
  if (route.view === 'document') return `/app/documents/${encodeURIComponent(route.id)}`;
  if (route.view === 'admin') return `/app/${route.section}`;
  const query = new URLSearchParams();
  if (route.folderId) query.set('folder', route.folderId);
  if (route.status) query.set('status', route.status);
  if (route.q) query.set('q', route.q);
  if (route.from) query.set('from', route.from);
  if (route.to) query.set('to', route.to);
  const text = query.toString();
  return text ? `/app?${text}` : '/app';
}

export function listRoute(
  folderId: string | null,
  status: DocumentStatus | null = null,
  q = '',
  from = '',
  to = '',
): Route {
  return { view: 'list', folderId, status, q, from, to };
}
