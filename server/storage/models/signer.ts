import type { Sequelize } from 'sequelize';
import { date, defineModel, integer, key, str, text, type ModelOf } from './model-definition.js';

export type SignerStatus = 'pending' | 'signed' | 'declined';

export interface SignerAttributes {
  id: string;
  documentId: string;
  position: number;
  name: string;
  email: string;
  /** `email-otp` or `oidc:<provider>`. */
  authMethod: string;
  language: 'nb' | 'en';
  expectedName: string | null;
  /** The pinned national identity number, sealed under the KEK (never stored in the clear or as a guessable hash). */
  expectedNationalIdSealed: string | null;
  status: SignerStatus;
  invitedAt: Date | null;
  remindedAt: Date | null;
  openedAt: Date | null;
  authenticatedAt: Date | null;
  signedAt: Date | null;
  declinedAt: Date | null;
  declineReason: string | null;
  /** The proven identity as recorded (JSON, national identity numbers masked). */
  identity: string | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** Someone invited to sign a document. */
export function defineSigner(sequelize: Sequelize): ModelOf<SignerAttributes> {
  return defineModel(sequelize, 'Signer', 'signers', {
    id: key,
    documentId: str(40),
    position: integer(),
    name: str(200),
    email: str(320),
    authMethod: str(80),
    language: str(8),
    expectedName: str(200, true),
    expectedNationalIdSealed: text(true),
    status: str(16),
    invitedAt: date(),
    remindedAt: date(),
    openedAt: date(),
    authenticatedAt: date(),
    signedAt: date(),
    declinedAt: date(),
    declineReason: str(500, true),
    identity: text(true),
  });
}
