import { randomUUID } from 'node:crypto';
import { SeglError } from '../../lib/errors.js';
import type { FolderAccess } from '../access/folder-access.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { staffActor } from '../audit/audit-actor.js';
import type { DocumentArchive } from '../documents/document-archive.js';
import { lockVisibleDocument } from '../documents/find-visible-document.js';
import { normalizeNationalId } from './signer-identity.js';
import { sealPinnedNationalId } from './signer-claims.js';
import { wrappingKeyOf } from '../keys/key-ring.js';
import { refreshSearchText } from '../documents/search-text.js';
import type { SignerProviderConfig } from '../../lib/config.js';
import type { RequestOrigin } from '../request-origin.js';

export const MAX_SIGNERS = 50;

export interface NewSigner {
  name: string;
  email: string;
  authMethod: string;
  /** Position in sequential signing (1 = first); default: after the signers already added. */
  order?: number;
  language?: 'nb' | 'en';
  /** Pin the identity: an OIDC login with another name or national identity number cannot sign. */
  expectedName?: string;
  expectedNationalId?: string;
}

/** Checks an authentication method against the configured providers: `email-otp` or `oidc:<provider key>`. */
export function checkAuthMethod(method: string, providers: Record<string, SignerProviderConfig>): void {
  if (method === 'email-otp') return;
  const key = /^oidc:([a-z0-9]+)$/.exec(method)?.[1];
  if (!key || !providers[key]) {
    const known = ['email-otp', ...Object.keys(providers).map((k) => `oidc:${k}`)].join(', ');
    throw new SeglError({ code: 'unknown_auth_method', message: `authMethod must be one of: ${known}` });
  }
}

/** Adds a signer to a draft document (editor on its folder). */
export async function addSigner(
  options: RequestOrigin & {
    archive: DocumentArchive;
    access: FolderAccess;
    documentId: string;
    signer: NewSigner;
    providers: Record<string, SignerProviderConfig>;
  },
): Promise<{ id: string; position: number }> {
  const { archive, access, signer } = options;
  const { db, clock } = archive;
  checkAuthMethod(signer.authMethod, options.providers);
  if ((signer.expectedName || signer.expectedNationalId) && !signer.authMethod.startsWith('oidc:')) {
    throw new SeglError({
      code: 'pin_needs_oidc',
      message: 'an expected identity can only be checked with an identity provider (oidc:...)',
    });
  }
  const kek = signer.expectedNationalId ? await wrappingKeyOf(archive.keyRing) : undefined;
  return db.transaction(async (transaction) => {
    const document = await lockVisibleDocument({ db, access, documentId: options.documentId }, 'editor', transaction);
    if (document.status !== 'draft') {
      throw new SeglError({
        code: 'document_not_draft',
        message: 'signers can only be added before the document is sent',
      });
    }
    const existing = await db.models.Signer.findAll({
      where: { documentId: document.id },
      attributes: ['position', 'email'],
      transaction,
      raw: true,
    });
    if (existing.length >= MAX_SIGNERS) {
      throw new SeglError({ code: 'too_many_signers', message: `a document can have at most ${MAX_SIGNERS} signers` });
    }
    const email = signer.email.trim().toLowerCase();
    if (existing.some((s) => s.email === email)) {
      throw new SeglError({
        code: 'signer_exists',
        message: 'this e-mail address is already a signer of the document',
      });
    }
    const position = signer.order ?? Math.max(0, ...existing.map((s) => s.position)) + 1;
    const id = randomUUID();
    const now = clock.now();
    await db.models.Signer.create(
      {
        id,
        documentId: document.id,
        position,
        name: signer.name.trim(),
        email,
        authMethod: signer.authMethod,
        language: signer.language ?? document.language ?? 'nb',
        expectedName: signer.expectedName?.trim() || null,
        expectedNationalIdSealed:
          signer.expectedNationalId && kek
            ? sealPinnedNationalId({ kek, signerId: id, nationalId: normalizeNationalId(signer.expectedNationalId) })
            : null,
        status: 'pending',
        invitedAt: null,
        remindedAt: null,
        openedAt: null,
        authenticatedAt: null,
        signedAt: null,
        declinedAt: null,
        declineReason: null,
        identity: null,
        createdAt: now,
        updatedAt: now,
      },
      { transaction },
    );
    await appendAuditEvent({
      db,
      transaction,
      documentId: document.id,
      type: 'signer.added',
      at: now,
      actor: staffActor(access.principal),
      ip: options.ip,
      userAgent: options.userAgent,
      data: {
        signerId: id,
        name: signer.name.trim(),
        email,
        authMethod: signer.authMethod,
        position,
        pinned: Boolean(signer.expectedName || signer.expectedNationalId),
      },
    });
    await refreshSearchText({ db, transaction, documentId: document.id });
    return { id, position };
  });
}
