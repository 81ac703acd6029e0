import type { Database } from '../../storage/database.js';
import type { SignerAttributes } from '../../storage/models/signer.js';
import type { FolderAccess } from '../access/folder-access.js';
import { findVisibleDocument } from '../documents/find-visible-document.js';
import { isoTimeOrNull as iso } from '../iso-time.js';

export interface SignerView {
  id: string;
  name: string;
  email: string;
  position: number;
  authMethod: string;
  /** nb or en: the language of their e-mails and signing page. */
  language: 'nb' | 'en';
  /** Whether an identity (name or national identity number) is pinned; the values are never shown. */
  pinned: boolean;
  status: SignerAttributes['status'];
  signedAt: string | null;
  declinedAt: string | null;
  declineReason: string | null;
}

export function viewSigner(signer: SignerAttributes): SignerView {
  return {
    id: signer.id,
    name: signer.name,
    email: signer.email,
    position: signer.position,
    authMethod: signer.authMethod,
    language: signer.language === 'en' ? 'en' : 'nb',
    pinned: Boolean(signer.expectedName || signer.expectedNationalIdSealed),
    status: signer.status,
    signedAt: iso(signer.signedAt),
    declinedAt: iso(signer.declinedAt),
    declineReason: signer.declineReason,
  };
}

export async function readSigners(options: { db: Database; documentId: string }): Promise<SignerView[]> {
  const rows = await options.db.models.Signer.findAll({
    where: { documentId: options.documentId },
    order: [
      ['position', 'ASC'],
      ['createdAt', 'ASC'],
    ],
    raw: true,
  });
  return rows.map(viewSigner);
}

export async function listSigners(options: {
  db: Database;
  access: FolderAccess;
  documentId: string;
}): Promise<SignerView[]> {
  const document = await findVisibleDocument({
    db: options.db,
    access: options.access,
    documentId: options.documentId,
  });
  return readSigners({ db: options.db, documentId: document.id });
}
