import { randomUUID } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { createSecret, hashSecret } from '../auth/secret-tokens.js';

export const ENROLMENT_VALIDITY_MS = 7 * 24 * 3600 * 1000;

export interface CreatedUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  /** One-time secret for the enrolment link (/enrol/<token>): set a password and TOTP. Shown once. */
  enrolmentToken: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a staff account that still has to enrol (password + TOTP) through a one-time link. */
export async function createUser(options: {
  db: Database;
  clock: Clock;
  email: string;
  name: string;
  role: 'admin' | 'member';
}): Promise<CreatedUser> {
  const { db, clock } = options;
  const enrolmentToken = createSecret();
  const id = randomUUID();
  const email = normalizeEmail(options.email);
  try {
    await db.models.User.create({
      id,
      email,
      name: options.name.trim(),
      role: options.role,
      passwordHash: null,
      totpSecretWrapped: null,
      totpConfirmedAt: null,
      recoveryCodes: null,
      oidcIssuer: null,
      oidcSubject: null,
      enrolmentTokenHash: hashSecret(enrolmentToken),
      enrolmentExpiresAt: new Date(clock.now().getTime() + ENROLMENT_VALIDITY_MS),
      failedLogins: 0,
      lockedUntil: null,
      disabledAt: null,
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) {
      throw new SeglError({ code: 'email_taken', message: 'a user with this e-mail address exists' });
    }
    throw error;
  }
  return { id, email, name: options.name.trim(), role: options.role, enrolmentToken };
}
