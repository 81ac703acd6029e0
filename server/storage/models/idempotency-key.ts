import type { Sequelize } from 'sequelize';
import { defineModel, integer, key, str, text, type ModelOf } from './model-definition.js';

export interface IdempotencyKeyAttributes {
  id: string;
  userId: string;
  key: string;
  requestHash: string;
  responseStatus: number;
  responseBody: string;
  createdAt?: Date;
}

/** The answer to a request sent with an `Idempotency-Key`, given again when the same request repeats. */
export function defineIdempotencyKey(sequelize: Sequelize): ModelOf<IdempotencyKeyAttributes> {
  const attributes = {
    id: key,
    userId: str(40),
    key: str(200),
    requestHash: str(64),
    responseStatus: integer(),
    responseBody: text(),
  };
  return defineModel(sequelize, 'IdempotencyKey', 'idempotency_keys', attributes, { updatedAt: false });
}
