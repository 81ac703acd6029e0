import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { assertPasswordPolicy, hashPassword } from '../auth/password-hash.js';
import { buildOtpauthUri, createTotpSecret } from '../auth/totp.js';
import { matchStoredTotp, sealTotpSecret } from '../auth/totp-secret.js';
import { candidateKeysOf, wrappingKeyOf, type KekSource } from '../keys/key-ring.js';
import { createRecoveryCodes } from '../auth/recovery-codes.js';
import { createStaffSession, type IssuedSession } from '../auth/staff-sessions.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { hashSecret } from '../auth/secret-tokens.js';
import type { RequestOrigin } from '../request-origin.js';

export const TOTP_ISSUER = 'Segl';

export interface EnrolmentStart {
  /** Base32 secret for the authenticator app (shown once, during enrolment only). */
  totpSecret: string;
  otpauthUri: string;
}

export interface EnrolmentDone {
  userId: string;
  /** Shown once; only hashes are stored. */
  recoveryCodes: string[];
  session: IssuedSession;
}

function invalidLink(): SeglError {
  return new SeglError({ code: 'invalid_link', message: 'this link is unknown, used or expired' });
}

/** The not yet enrolled user behind an enrolment link; 404 `invalid_link` otherwise. */
export async function findEnrollingUser(options: { db: Database; clock: Clock; token: string }) {
  if (!/^[A-Za-z0-9_-]{20,200}$/.test(options.token)) throw invalidLink();
  const user = await options.db.models.User.findOne({ where: { enrolmentTokenHash: hashSecret(options.token) } });
  if (
    !user ||
    user.disabledAt ||
    user.totpConfirmedAt ||
    !user.enrolmentExpiresAt ||
    user.enrolmentExpiresAt <= options.clock.now()
  )
    throw invalidLink();
  return user;
}

/**
 * Step 1: set the password and make a new TOTP secret (wrapped under the KEK). May be repeated until step 2
 * succeeds (each time with a new secret).
 */
export async function beginEnrolment(options: {
  db: Database;
  kek: KekSource;
  userId: string;
  email: string;
  password: string;
}): Promise<EnrolmentStart> {
  assertPasswordPolicy(options.password);
  const passwordHash = await hashPassword({ password: options.password });
  const totpSecret = createTotpSecret();
  await options.db.models.User.update(
    {
      passwordHash,
      totpSecretWrapped: sealTotpSecret({
        kek: await wrappingKeyOf(options.kek),
        userId: options.userId,
        secret: totpSecret,
      }),
      totpConfirmedAt: null,
    },
    { where: { id: options.userId } },
  );
  return {
    totpSecret,
    otpauthUri: buildOtpauthUri({ secret: totpSecret, account: options.email, issuer: TOTP_ISSUER }),
  };
}

/**
 * Step 2: a correct TOTP code proves the app holds the secret. The account becomes usable, the link dies, the
 * recovery codes are made (shown once) and a full session starts.
 */
export async function confirmEnrolment(
  options: RequestOrigin & {
    db: Database;
    clock: Clock;
    kek: KekSource;
    userId: string;
    code: string;
  },
): Promise<EnrolmentDone> {
  const { db, clock } = options;
  const user = await db.models.User.findByPk(options.userId);
  if (!user?.totpSecretWrapped || !user.passwordHash || user.totpConfirmedAt) {
    throw new SeglError({ code: 'enrolment_not_started', message: 'set a password first' });
  }
  const kek = await candidateKeysOf(options.kek);
  const stored = user.totpSecretWrapped;
  const match = matchStoredTotp({ kek, userId: user.id, stored, code: options.code, at: clock.now() });
  if (!match)
    throw new SeglError({
      code: 'invalid_code',
      message: 'the code does not match; check the clock of the device',
      status: 422,
    });
  const recovery = createRecoveryCodes();
  const [count] = await db.models.User.update(
    {
      totpSecretWrapped: sealTotpSecret({
        kek: await wrappingKeyOf(options.kek),
        userId: user.id,
        secret: match.secret,
        lastUsedStep: match.step,
      }),
      totpConfirmedAt: clock.now(),
      recoveryCodes: recovery.stored,
      enrolmentTokenHash: null,
      enrolmentExpiresAt: null,
      failedLogins: 0,
      lockedUntil: null,
    },
    { where: { id: user.id, totpConfirmedAt: null, totpSecretWrapped: user.totpSecretWrapped } },
  );
  if (count !== 1) {
    throw new SeglError({ code: 'enrolment_not_started', message: 'the enrolment changed meanwhile; start again' });
  }
  await recordStaffEvent({
    db,
    clock,
    action: 'user.enrolled',
    actorId: user.id,
    targetType: 'user',
    targetId: user.id,
    ip: options.ip,
  });
  const client = { ip: options.ip, userAgent: options.userAgent };
  const session = await createStaffSession({ db, clock, userId: user.id, stage: 'full', ...client });
  return { userId: user.id, recoveryCodes: recovery.codes, session };
}
