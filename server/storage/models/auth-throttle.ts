import type { Sequelize } from 'sequelize';
import { counter, date, defineModel, str, type ModelOf } from './model-definition.js';

export interface AuthThrottleAttributes {
  key: string;
  failures: number;
  blockedUntil: Date | null;
  lastFailureAt: Date | null;
}

/** Failed attempts at something guessable (a password, a code), by what was tried and from where. */
export function defineAuthThrottle(sequelize: Sequelize): ModelOf<AuthThrottleAttributes> {
  const attributes = {
    key: { ...str(400), primaryKey: true },
    failures: counter(),
    blockedUntil: date(),
    lastFailureAt: date(),
  };
  return defineModel(sequelize, 'AuthThrottle', 'auth_throttles', attributes, { timestamps: false });
}
