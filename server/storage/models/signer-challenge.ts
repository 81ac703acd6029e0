import type { Sequelize } from 'sequelize';
import { counter, date, defineModel, key, str, text, type ModelOf } from './model-definition.js';

export interface SignerChallengeAttributes {
  id: string;
  signerId: string;
  kind: 'otp' | 'oidc';
  secretHash: string;
  stateHash: string | null;
  /** Encrypted (KEK) details the challenge needs later: the OIDC PKCE verifier, nonce and return link. */
  payload: string | null;
  attempts: number;
  expiresAt: Date;
  consumedAt: Date | null;
  ip: string | null;
  createdAt?: Date;
}

/** A signer's open proof of identity: an e-mailed code, or an OIDC login under way. */
export function defineSignerChallenge(sequelize: Sequelize): ModelOf<SignerChallengeAttributes> {
  const attributes = {
    id: key,
    signerId: str(40),
    kind: str(16),
    secretHash: str(64),
    stateHash: str(64, true),
    payload: text(true),
    attempts: counter(),
    expiresAt: date(false),
    consumedAt: date(),
    ip: str(64, true),
  };
  return defineModel(sequelize, 'SignerChallenge', 'signer_challenges', attributes, { updatedAt: false });
}
