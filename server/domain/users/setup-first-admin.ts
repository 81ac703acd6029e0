import type { KekSource } from '../keys/key-ring.js';
import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { createSecret, constantTimeEqual, hashSecret } from '../auth/secret-tokens.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { createUser } from './create-user.js';
import { beginEnrolment, confirmEnrolment, type EnrolmentDone, type EnrolmentStart } from './enrol-user.js';
import type { RequestOrigin } from '../request-origin.js';

const TOKEN_KEY = 'setup.token_hash';
const PENDING_KEY = 'setup.pending_user_id';

async function readSetting(db: Database, key: string): Promise<string | undefined> {
  return (await db.models.Setting.findByPk(key))?.value;
}

async function writeSetting(db: Database, key: string, value: string): Promise<void> {
  await db.models.Setting.upsert({ key, value });
}

/** Whether an active administrator exists (the one being set up through the setup link does not count). */
export async function adminExists(options: { db: Database }): Promise<boolean> {
  const pending = await readSetting(options.db, PENDING_KEY);
  const count = await options.db.models.User.count({
    where: { role: 'admin', disabledAt: null, ...(pending ? { id: { [Op.ne]: pending } } : {}) },
  });
  return count > 0;
}

/**
 * A new one-time setup token (only its hash is kept; the previous one stops working). Undefined once an admin exists.
 */
export async function issueSetupToken(options: { db: Database }): Promise<string | undefined> {
  if (await adminExists(options)) return undefined;
  const token = createSecret();
  await writeSetting(options.db, TOKEN_KEY, hashSecret(token));
  return token;
}

async function assertSetupToken(db: Database, token: string): Promise<void> {
  const stored = await readSetting(db, TOKEN_KEY);
  const valid =
    stored !== undefined && /^[A-Za-z0-9_-]{20,200}$/.test(token) && constantTimeEqual(stored, hashSecret(token));
  if (!valid || (await adminExists({ db }))) {
    throw new SeglError({
      code: 'invalid_link',
      message: 'this setup link is unknown or used; an administrator exists already',
    });
  }
}

/** Whether a setup link is (still) usable, for the page. */
export async function checkSetupToken(options: { db: Database; token: string }): Promise<boolean> {
  try {
    await assertSetupToken(options.db, options.token);
    return true;
  } catch {
    return false;
  }
}

/** Step 1 of the first start: the administrator's account with a password and a new TOTP secret. May be repeated. */
export async function beginSetup(options: {
  db: Database;
  clock: Clock;
  kek: KekSource;
  token: string;
  email: string;
  name: string;
  password: string;
}): Promise<EnrolmentStart & { userId: string }> {
  const { db, clock } = options;
  await assertSetupToken(db, options.token);
  const pending = await readSetting(db, PENDING_KEY);
  if (pending) {
    await db.models.User.destroy({ where: { id: pending, totpConfirmedAt: null } });
    await db.models.Setting.destroy({ where: { key: PENDING_KEY } });
  }
  const user = await createUser({ db, clock, email: options.email, name: options.name, role: 'admin' });
  await writeSetting(db, PENDING_KEY, user.id);
  const start = await beginEnrolment({
    db,
    kek: options.kek,
    userId: user.id,
    email: user.email,
    password: options.password,
  });
  return { ...start, userId: user.id };
}

/** Step 2: the TOTP code; the administrator exists from now on, and the setup link is dead. */
export async function confirmSetup(
  options: RequestOrigin & {
    db: Database;
    clock: Clock;
    kek: KekSource;
    token: string;
    code: string;
  },
): Promise<EnrolmentDone> {
  const { db, clock } = options;
  await assertSetupToken(db, options.token);
  const pending = await readSetting(db, PENDING_KEY);
  if (!pending) {
    throw new SeglError({ code: 'enrolment_not_started', message: 'enter e-mail, name and password first' });
  }
  const done = await confirmEnrolment({
    db,
    clock,
    kek: options.kek,
    userId: pending,
    code: options.code,
    ip: options.ip,
    userAgent: options.userAgent,
  });
  await db.models.Setting.destroy({ where: { key: [TOKEN_KEY, PENDING_KEY] } });
  await recordStaffEvent({
    db,
    clock,
    action: 'user.created',
    actorId: pending,
    targetType: 'user',
    targetId: pending,
    ip: options.ip,
    data: { role: 'admin', via: 'setup' },
  });
  return done;
}
