import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { createSecret, hashSecret } from './secret-tokens.js';
import type { RequestOrigin } from '../request-origin.js';

/** A session that passed only the password has minutes to finish; a full one lasts a working day. */
export const PARTIAL_SESSION_MS = 5 * 60 * 1000;
export const FULL_SESSION_MS = 12 * 3600 * 1000;

export interface IssuedSession {
  id: string;
  /** The cookie value; only its hash is stored. */
  token: string;
  stage: 'password' | 'full';
  expiresAt: Date;
}

export async function createStaffSession(
  options: RequestOrigin & {
    db: Database;
    clock: Clock;
    userId: string;
    stage: 'password' | 'full';
  },
): Promise<IssuedSession> {
  const now = options.clock.now();
  const token = createSecret();
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + (options.stage === 'full' ? FULL_SESSION_MS : PARTIAL_SESSION_MS));
  // housekeeping: the user's expired sessions go
  await options.db.models.Session.destroy({ where: { userId: options.userId, expiresAt: { [Op.lte]: now } } });
  await options.db.models.Session.create({
    id,
    tokenHash: hashSecret(token),
    userId: options.userId,
    stage: options.stage,
    ip: options.ip?.slice(0, 64) ?? null,
    userAgent: options.userAgent?.slice(0, 400) ?? null,
    expiresAt,
    lastSeenAt: now,
  });
  return { id, token, stage: options.stage, expiresAt };
}

/** The live session row behind a cookie value (any stage), or undefined. */
export async function findStaffSession(options: { db: Database; clock: Clock; token: string | undefined }) {
  if (!options.token || !/^[A-Za-z0-9_-]{20,200}$/.test(options.token)) return undefined;
  const session = await options.db.models.Session.findOne({
    where: { tokenHash: hashSecret(options.token), expiresAt: { [Op.gt]: options.clock.now() } },
  });
  return session ?? undefined;
}

/** Turns a password-stage session into a full one under a NEW token (the old cookie value stops working). */
export async function upgradeStaffSession(options: {
  db: Database;
  clock: Clock;
  sessionId: string;
}): Promise<IssuedSession> {
  const now = options.clock.now();
  const token = createSecret();
  const expiresAt = new Date(now.getTime() + FULL_SESSION_MS);
  await options.db.models.Session.update(
    { tokenHash: hashSecret(token), stage: 'full', expiresAt, lastSeenAt: now },
    { where: { id: options.sessionId } },
  );
  return { id: options.sessionId, token, stage: 'full', expiresAt };
}

export async function deleteStaffSession(options: { db: Database; sessionId: string }): Promise<void> {
  await options.db.models.Session.destroy({ where: { id: options.sessionId } });
}

export async function deleteUserSessions(options: { db: Database; userId: string }): Promise<void> {
  await options.db.models.Session.destroy({ where: { userId: options.userId } });
}
