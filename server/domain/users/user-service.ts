import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { bindContext } from '../bind-context.js';
import type { KeyRing } from '../keys/key-ring.js';
import { beginEnrolment, confirmEnrolment, findEnrollingUser } from './enrol-user.js';
import { inviteUser } from './invite-user.js';
import { getUser, listUsers, updateUser } from './manage-users.js';
import { resetEnrolment } from './reset-enrolment.js';
import { beginSetup, checkSetupToken, confirmSetup } from './setup-first-admin.js';
import { unlockUser } from './unlock-user.js';

/** Staff accounts: the first administrator, invitations and enrolment, changes, unlocking. */
export function createUserService(context: { db: Database; clock: Clock; keyRing: KeyRing; publicUrl: string }) {
  const { db, clock, publicUrl } = context;
  const bind = bindContext({ db, clock });
  const withLinks = bindContext({ db, clock, publicUrl });
  // TOTP secrets are wrapped through the key ring, so enrolment keeps working across `segl keys rotate`
  const withKeys = bindContext({ db, clock, kek: context.keyRing });
  return {
    invite: withLinks(inviteUser),
    list: bind(listUsers),
    get: bind(getUser),
    update: bind(updateUser),
    resetEnrolment: withLinks(resetEnrolment),
    unlock: bind(unlockUser),
    checkSetupToken: bind(checkSetupToken),
    beginSetup: withKeys(beginSetup),
    confirmSetup: withKeys(confirmSetup),
    findEnrolling: bind(findEnrollingUser),
    beginEnrolment: withKeys(beginEnrolment),
    confirmEnrolment: withKeys(confirmEnrolment),
  };
}

export type UserService = ReturnType<typeof createUserService>;
