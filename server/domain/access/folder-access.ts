import { Op, type Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { GrantRole } from '../../storage/models/grant.js';
import { SeglError } from '../../lib/errors.js';
import type { Principal } from '../auth/principal.js';

export const ROLE_RANK: Record<GrantRole, number> = { viewer: 1, editor: 2, manager: 3 };
export type EffectiveRole = GrantRole | 'admin';

export function notFound(what = 'document'): SeglError {
  return new SeglError({ code: 'not_found', message: `${what} not found` });
}

/**
 * The folder tree and the caller's grants, loaded once per request: a grant on a folder applies to everything
 * below it; the highest grant wins; admins hold every folder.
 */
export class FolderAccess {
  private constructor(
    readonly principal: Principal,
    private readonly roles: Map<string, GrantRole>,
    private readonly parents: Map<string, string | null>,
  ) {}

  static async load(options: { db: Database; principal: Principal; transaction?: Transaction }): Promise<FolderAccess> {
    const { db, principal, transaction } = options;
    const folders = await db.models.Folder.findAll({ attributes: ['id', 'parentId'], transaction, raw: true });
    const parents = new Map(folders.map((f) => [f.id, f.parentId]));
    if (principal.role === 'admin') return new FolderAccess(principal, new Map(), parents);
    const memberships = await db.models.GroupMember.findAll({
      where: { userId: principal.userId },
      attributes: ['groupId'],
      transaction,
      raw: true,
    });
    const groupIds = memberships.map((m) => m.groupId);
    const grants = await db.models.Grant.findAll({
      where: {
        [Op.or]: [{ userId: principal.userId }, ...(groupIds.length ? [{ groupId: { [Op.in]: groupIds } }] : [])],
      },
      transaction,
      raw: true,
    });
    const direct = new Map<string, GrantRole>();
    for (const grant of grants) {
      const current = direct.get(grant.folderId);
      if (!current || ROLE_RANK[grant.role] > ROLE_RANK[current]) direct.set(grant.folderId, grant.role);
    }
    const roles = new Map<string, GrantRole>();
    for (const id of parents.keys()) {
      let best: GrantRole | undefined;
      const seen = new Set<string>();
      for (let at: string | null | undefined = id; at && !seen.has(at); at = parents.get(at)) {
        seen.add(at);
        const role = direct.get(at);
        if (role && (!best || ROLE_RANK[role] > ROLE_RANK[best])) best = role;
      }
      if (best) roles.set(id, best);
    }
    return new FolderAccess(principal, roles, parents);
  }

  get isAdmin(): boolean {
    return this.principal.role === 'admin';
  }

  /** The caller's role on a folder (null folder = the archive's root, for admins only). */
  roleOn(folderId: string | null): EffectiveRole | undefined {
    if (this.isAdmin) return folderId === null || this.parents.has(folderId) ? 'admin' : undefined;
    return folderId === null ? undefined : this.roles.get(folderId);
  }

  can(folderId: string | null, minimum: GrantRole): boolean {
    const role = this.roleOn(folderId);
    return role === 'admin' || (role !== undefined && ROLE_RANK[role] >= ROLE_RANK[minimum]);
  }

  /** Folders the caller can see: 'all' for admins. */
  visibleFolderIds(): 'all' | string[] {
    return this.isAdmin ? 'all' : [...this.roles.keys()];
  }

  folderExists(folderId: string): boolean {
    return this.parents.has(folderId);
  }

  /** Whether `folderId` is `ancestorId` or lies below it (to refuse moving a folder into itself). */
  isWithin(folderId: string, ancestorId: string): boolean {
    const seen = new Set<string>();
    for (let at: string | null | undefined = folderId; at && !seen.has(at); at = this.parents.get(at)) {
      if (at === ancestorId) return true;
      seen.add(at);
    }
    return false;
  }

  /**
   * Members must place what they create or move in a folder (422 `folder_required`, with `message`); administrators
   * may leave `folderId` null, the archive's root.
   */
  requireFolderUnlessAdmin(folderId: string | null, message: string): void {
    if (folderId === null && !this.isAdmin) throw new SeglError({ code: 'folder_required', message });
  }

  /**
   * Throws 404 when the caller cannot see the folder (no existence oracle) and 403 when they can see it but
   * lack the role for what they attempt.
   */
  require(folderId: string | null, minimum: GrantRole, what = 'folder'): void {
    const role = this.roleOn(folderId);
    if (role === undefined) throw notFound(what);
    if (!this.can(folderId, minimum)) {
      throw new SeglError({ code: 'forbidden', message: `this needs the ${minimum} role on the folder` });
    }
  }
}
