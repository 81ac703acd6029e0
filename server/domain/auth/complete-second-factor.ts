import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import type { Row } from '../../storage/models/model-definition.js';
import type { UserAttributes } from '../../storage/models/user.js';
import { matchStoredTotp, withLastUsedStep } from './totp-secret.js';
import { candidateKeysOf, type KekSource } from '../keys/key-ring.js';
import { consumeRecoveryCode } from './recovery-codes.js';
import { beginAttempt } from './attempt-throttle.js';
import { recordLockouts } from './record-lockouts.js';
import { findStaffSession, upgradeStaffSession, type IssuedSession } from './staff-sessions.js';
import { recordSignIn } from './record-sign-in.js';

function invalidCode(): SeglError {
  return new SeglError({ code: 'invalid_code', message: 'the code is wrong or was used already', status: 401 });
}

function noPendingLogin(): SeglError {
  return new SeglError({ code: 'unauthenticated', message: 'sign in with your password first' });
}

/** Whether the code is right; spends it (a TOTP step or a recovery code) when it is. */
async function checkSecondFactor(options: {
  db: Database;
  clock: Clock;
  kek: KekSource;
  user: Row<UserAttributes>;
  code?: string;
  recoveryCode?: string;
}): Promise<{ accepted: boolean; remainingRecoveryCodes?: number }> {
  const { db, clock, user } = options;
  if (options.recoveryCode !== undefined) {
    const next = consumeRecoveryCode({ stored: user.recoveryCodes, code: options.recoveryCode });
    if (next === undefined) return { accepted: false };
    const [count] = await db.models.User.update(
      { recoveryCodes: next },
      { where: { id: user.id, recoveryCodes: user.recoveryCodes } },
    );
    return { accepted: count === 1, remainingRecoveryCodes: (JSON.parse(next) as string[]).length };
  }
  if (options.code === undefined || !user.totpSecretWrapped) return { accepted: false };
  const kek = await candidateKeysOf(options.kek);
  const stored = user.totpSecretWrapped;
  const match = matchStoredTotp({ kek, userId: user.id, stored, code: options.code, at: clock.now() });
  if (!match) return { accepted: false };
  // conditional on the value read, so two requests racing with one code cannot both win
  const [count] = await db.models.User.update(
    { totpSecretWrapped: withLastUsedStep(user.totpSecretWrapped, match.step) },
    { where: { id: user.id, totpSecretWrapped: user.totpSecretWrapped } },
  );
  return { accepted: count === 1 };
}

/**
 * The second factor: a TOTP code (each time step once) or one of the recovery codes (each once) turns the
 * password-stage session into a full one under a new token. Each guess is counted before it is checked, in the
 * same account bucket as passwords (see beginAttempt).
 */
export async function completeSecondFactor(options: {
  db: Database;
  clock: Clock;
  kek: KekSource;
  sessionToken: string | undefined;
  code?: string;
  recoveryCode?: string;
  ip?: string | null;
}): Promise<IssuedSession & { userId: string; remainingRecoveryCodes?: number }> {
  const { db, clock } = options;
  const session = await findStaffSession({ db, clock, token: options.sessionToken });
  if (session?.stage !== 'password') throw noPendingLogin();
  const user = await db.models.User.findByPk(session.userId);
  if (!user || user.disabledAt || !user.totpSecretWrapped) throw noPendingLogin();
  const attempt = await beginAttempt({ db, clock, scope: 'account', subject: user.email, ip: options.ip });

  const method = options.recoveryCode !== undefined ? 'recovery_code' : 'totp';
  let checked: { accepted: boolean; remainingRecoveryCodes?: number };
  try {
    checked = await checkSecondFactor({
      db,
      clock,
      kek: options.kek,
      user,
      code: options.code,
      recoveryCode: options.recoveryCode,
    });
  } catch (error) {
    await attempt.succeed();
    throw error;
  }
  const { accepted, remainingRecoveryCodes } = checked;

  if (!accepted) {
    const lockouts = await attempt.fail();
    await recordLockouts({ db, clock, lockouts, userId: user.id, email: user.email, ip: options.ip });
    const data = { stage: method, locked: lockouts.length > 0 };
    await recordSignIn({ db, clock, outcome: 'failed', userId: user.id, ip: options.ip, data });
    throw invalidCode();
  }
  await attempt.succeed();
  const upgraded = await upgradeStaffSession({ db, clock, sessionId: session.id });
  const data = { method, ...(remainingRecoveryCodes !== undefined ? { remainingRecoveryCodes } : {}) };
  await recordSignIn({ db, clock, outcome: 'succeeded', userId: user.id, ip: options.ip, data });
  return { ...upgraded, userId: user.id, remainingRecoveryCodes };
}
