import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { normalizeEmail } from '../users/create-user.js';
import { createStaffSession, type IssuedSession } from './staff-sessions.js';
import { recordSignIn } from './record-sign-in.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { SsoClaims } from './sso-client.js';
import type { RequestOrigin } from '../request-origin.js';

/**
 * Maps an SSO identity to an existing staff account: by issuer + subject, or the first time by a verified e-mail
 * address of an account not yet linked to another identity. SSO never creates accounts. A full session follows.
 */
export async function loginWithSso(
  options: RequestOrigin & {
    db: Database;
    clock: Clock;
    claims: SsoClaims;
  },
): Promise<IssuedSession & { userId: string }> {
  const { db, clock, claims } = options;
  let user = await db.models.User.findOne({ where: { oidcIssuer: claims.issuer, oidcSubject: claims.subject } });
  if (!user && claims.email && claims.emailVerified) {
    const candidate = await db.models.User.findOne({ where: { email: normalizeEmail(claims.email) } });
    if (candidate && !candidate.oidcSubject) {
      await db.models.User.update(
        { oidcIssuer: claims.issuer, oidcSubject: claims.subject },
        { where: { id: candidate.id, oidcSubject: null } },
      );
      await recordStaffEvent({
        db,
        clock,
        action: 'user.sso_linked',
        actorId: candidate.id,
        targetType: 'user',
        targetId: candidate.id,
        ip: options.ip,
        data: { issuer: claims.issuer },
      });
      user = candidate;
    }
  }
  if (!user || user.disabledAt) {
    const data = { stage: 'sso', issuer: claims.issuer, reason: user ? 'disabled' : 'no_matching_user' };
    await recordSignIn({ db, clock, outcome: 'failed', userId: user?.id ?? null, ip: options.ip, data });
    throw new SeglError({
      code: 'sso_no_account',
      message: 'no active staff account matches this sign-in; ask an administrator',
    });
  }
  const client = { ip: options.ip, userAgent: options.userAgent };
  const session = await createStaffSession({ db, clock, userId: user.id, stage: 'full', ...client });
  const data = { method: 'sso', issuer: claims.issuer };
  await recordSignIn({ db, clock, outcome: 'succeeded', userId: user.id, ip: options.ip, data });
  return { ...session, userId: user.id };
}
