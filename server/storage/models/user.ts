import type { Sequelize } from 'sequelize';
import { counter, date, defineModel, key, str, text, type ModelOf } from './model-definition.js';

export interface UserAttributes {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  passwordHash: string | null;
  totpSecretWrapped: string | null;
  totpConfirmedAt: Date | null;
  recoveryCodes: string | null;
  oidcIssuer: string | null;
  oidcSubject: string | null;
  enrolmentTokenHash: string | null;
  enrolmentExpiresAt: Date | null;
  failedLogins: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** Staff: administrators and members. */
export function defineUser(sequelize: Sequelize): ModelOf<UserAttributes> {
  return defineModel(sequelize, 'User', 'users', {
    id: key,
    email: str(320),
    name: str(200),
    role: str(16),
    passwordHash: str(300, true),
    totpSecretWrapped: text(true),
    totpConfirmedAt: date(),
    recoveryCodes: text(true),
    oidcIssuer: str(500, true),
    oidcSubject: str(300, true),
    enrolmentTokenHash: str(100, true),
    enrolmentExpiresAt: date(),
    failedLogins: counter(),
    lockedUntil: date(),
    disabledAt: date(),
  });
}
