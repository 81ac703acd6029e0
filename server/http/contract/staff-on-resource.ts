import { idParam } from './common-schemas.js';
import type { FolderRole } from './route-contract.js';

/** The `:id` of a document route. */
export const documentId = { id: idParam('document id') };

/** The `:id` of a folder route. */
export const folderId = { id: idParam('folder id') };

/**
 * The caller part of a staff route on one document (`:id`): a staff user or token with `scope`, and at least
 * `minimum` on the document's folder (a member without a grant gets 404, one with a weaker grant 403). Spread it
 * into a contract; a route with more path parameters names `params` after it.
 */
export function staffOnDocument(options: { scope: string; minimum: FolderRole }) {
  const { scope, minimum } = options;
  return { auth: 'staff', scope, access: { kind: 'document', minimum }, params: documentId } as const;
}

/** The same for a staff route on one folder (`:id`): at least `minimum` on that folder. */
export function staffOnFolder(options: { scope: string; minimum: FolderRole }) {
  const { scope, minimum } = options;
  return { auth: 'staff', scope, access: { kind: 'folder', minimum }, params: folderId } as const;
}
