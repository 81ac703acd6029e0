import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import type { FolderAccess } from '../access/folder-access.js';
import type { RequestOrigin } from '../request-origin.js';

/**
 * What an audited staff action (users, groups, API tokens, settings, the seal key) runs with: the database and clock,
 * who acts and the address the request came from, which its staff event records (`recordStaffEvent`; staff events
 * keep no user agent).
 */
export interface StaffAction extends Pick<RequestOrigin, 'ip'> {
  db: Database;
  clock: Clock;
  /** The staff user who acts; null when no signed-in user does (the CLI). */
  actorId: string | null;
}

/** A staff action that folder access allows (folders, grants, webhooks): who acts is the principal behind it. */
export interface FolderStaffAction extends Omit<StaffAction, 'actorId'> {
  access: FolderAccess;
}

/** The context a folder staff action's event is recorded with. */
export function staffActionOf(action: FolderStaffAction): StaffAction {
  return { db: action.db, clock: action.clock, actorId: action.access.principal.userId, ip: action.ip };
}
