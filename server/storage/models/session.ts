import type { Sequelize } from 'sequelize';
import { date, defineModel, key, str, type ModelOf } from './model-definition.js';

export interface SessionAttributes {
  id: string;
  tokenHash: string;
  userId: string;
  /** `password` after the first factor only; `full` once TOTP (or SSO) completed it. */
  stage: 'password' | 'full';
  ip: string | null;
  userAgent: string | null;
  expiresAt: Date;
  lastSeenAt: Date;
  createdAt?: Date;
}

/** A staff login session (the cookie holds its token, the row its hash). */
export function defineSession(sequelize: Sequelize): ModelOf<SessionAttributes> {
  const attributes = {
    id: key,
    tokenHash: str(64),
    userId: str(40),
    stage: str(16),
    ip: str(64, true),
    userAgent: str(400, true),
    expiresAt: date(false),
    lastSeenAt: date(false),
  };
  return defineModel(sequelize, 'Session', 'sessions', attributes, { updatedAt: false });
}
