import type { Sequelize } from 'sequelize';
import { date, defineModel, key, str, text, type ModelOf } from './model-definition.js';

export interface ApiTokenAttributes {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  prefix: string;
  scopes: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
  createdAt?: Date;
}

/** A bearer token (`segl_...`) of a staff user, stored hashed. */
export function defineApiToken(sequelize: Sequelize): ModelOf<ApiTokenAttributes> {
  const attributes = {
    id: key,
    userId: str(40),
    name: str(200),
    tokenHash: str(64),
    prefix: str(20),
    scopes: text(),
    lastUsedAt: date(),
    revokedAt: date(),
    expiresAt: date(),
  };
  return defineModel(sequelize, 'ApiToken', 'api_tokens', attributes, { updatedAt: false });
}
