import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { FolderAccess } from '../access/folder-access.js';
import type { Principal } from '../auth/principal.js';
import { bindContext } from '../bind-context.js';
import { createFolder } from './create-folder.js';
import { createGrant } from './create-grant.js';
import { deleteFolder } from './delete-folder.js';
import { deleteGrant } from './delete-grant.js';
import { listFolderTree } from './folder-tree.js';
import { getFolder } from './get-folder.js';
import { listGrants } from './list-grants.js';
import { updateFolder } from './update-folder.js';

/** The archive's folder tree, the grants on it, and what a caller may see of it. */
export function createFolderService(context: { db: Database; clock: Clock; defaultRetentionDays: number | null }) {
  const bind = bindContext(context);
  return {
    /** The caller's grants, loaded once per request. */
    accessOf: (principal: Principal) => FolderAccess.load({ db: context.db, principal }),
    create: bind(createFolder),
    tree: bind(listFolderTree),
    get: bind(getFolder),
    update: bind(updateFolder),
    delete: bind(deleteFolder),
    createGrant: bind(createGrant),
    listGrants: bind(listGrants),
    deleteGrant: bind(deleteGrant),
  };
}

export type FolderService = ReturnType<typeof createFolderService>;
