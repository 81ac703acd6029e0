import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import type { RequestOrigin } from '../request-origin.js';

/**
 * What every audited staff action by a named actor (users, groups, tokens, settings, the seal key) runs with: the
 * database and clock, who acts and the address the request came from, which its staff event records
 * (`recordStaffEvent`; staff events keep no user agent).
 */
export interface StaffAction extends Pick<RequestOrigin, 'ip'> {
  db: Database;
  clock: Clock;
  /** The staff user who acts; null when no signed-in user does (the CLI). */
  actorId: string | null;
}
