import type { Sequelize } from 'sequelize';
import { date, defineModel, key, str, text, type ModelOf } from './model-definition.js';

export interface SignerSessionAttributes {
  id: string;
  signerId: string;
  tokenHash: string;
  method: string;
  /** The identity this session proved (JSON, as on the signer once they sign with it). */
  identity: string | null;
  expiresAt: Date;
  createdAt?: Date;
}

/** A signer who proved who they are (the signer session cookie holds its token). */
export function defineSignerSession(sequelize: Sequelize): ModelOf<SignerSessionAttributes> {
  const attributes = {
    id: key,
    signerId: str(40),
    tokenHash: str(64),
    method: str(80),
    identity: text(true),
    expiresAt: date(false),
  };
  return defineModel(sequelize, 'SignerSession', 'signer_sessions', attributes, { updatedAt: false });
}
