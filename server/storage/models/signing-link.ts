import type { Sequelize } from 'sequelize';
import { date, defineModel, key, str, type ModelOf } from './model-definition.js';

export interface SigningLinkAttributes {
  id: string;
  signerId: string;
  tokenHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt?: Date;
}

/** A signer's invitation link (`/s/:token`), stored as the token's hash. */
export function defineSigningLink(sequelize: Sequelize): ModelOf<SigningLinkAttributes> {
  const attributes = { id: key, signerId: str(40), tokenHash: str(64), expiresAt: date(false), revokedAt: date() };
  return defineModel(sequelize, 'SigningLink', 'signing_links', attributes, { updatedAt: false });
}
