import { SeglError } from '../../lib/errors.js';
import type { SignerProviderConfig } from '../../lib/config.js';
import type { FolderAccess } from '../access/folder-access.js';
import { appendAuditEvent, type AuditEventType } from '../audit/append-audit-event.js';
import { staffActor } from '../audit/audit-actor.js';
import type { DocumentArchive } from '../documents/document-archive.js';
import { lockVisibleDocument } from '../documents/find-visible-document.js';
import { refreshSearchText } from '../documents/search-text.js';
import { wrappingKeyOf } from '../keys/key-ring.js';
import { checkAuthMethod } from './add-signer.js';
import { sealPinnedNationalId } from './signer-claims.js';
import { normalizeNationalId } from './signer-identity.js';
import type { RequestOrigin } from '../request-origin.js';

export interface SignerChanges {
  name?: string;
  email?: string;
  authMethod?: string;
  language?: 'nb' | 'en';
  /** null removes the pin. */
  expectedName?: string | null;
  expectedNationalId?: string | null;
}

interface EditContext extends RequestOrigin {
  archive: DocumentArchive;
  access: FolderAccess;
  documentId: string;
}

function signerNotFound(): SeglError {
  return new SeglError({ code: 'not_found', message: 'signer not found' });
}

/** Appends an event about the edit to the draft's audit trail, by the caller, at `at` (default: now). */
type AuditEdit = (event: { type: AuditEventType; data: Record<string, unknown>; at?: Date }) => Promise<unknown>;

/**
 * Runs `work` on a draft the caller may edit, in one transaction with the document row locked; `audit` records
 * what it changed.
 */
async function onDraft<T>(
  context: EditContext,
  work: (documentId: string, transaction: import('sequelize').Transaction, audit: AuditEdit) => Promise<T>,
): Promise<T> {
  const { db, clock } = context.archive;
  return db.transaction(async (transaction) => {
    const { access, documentId } = context;
    const document = await lockVisibleDocument({ db, access, documentId }, 'editor', transaction);
    if (document.status !== 'draft') {
      throw new SeglError({
        code: 'document_not_draft',
        message: 'signers can only be changed before the document is sent',
      });
    }
    const audit: AuditEdit = ({ type, data, at }) =>
      appendAuditEvent({
        db,
        transaction,
        documentId: document.id,
        type,
        at: at ?? clock.now(),
        actor: staffActor(access.principal),
        ip: context.ip,
        userAgent: context.userAgent,
        data,
      });
    const result = await work(document.id, transaction, audit);
    await refreshSearchText({ db, transaction, documentId: document.id });
    return result;
  });
}

/** Changes a signer of a draft: name, e-mail, how they prove who they are, language, pinned identity. */
export async function updateSigner(
  context: EditContext & { signerId: string; changes: SignerChanges; providers: Record<string, SignerProviderConfig> },
): Promise<void> {
  const { archive, changes } = context;
  const { db, clock } = archive;
  if (changes.authMethod !== undefined) checkAuthMethod(changes.authMethod, context.providers);
  const kek = changes.expectedNationalId ? await wrappingKeyOf(archive.keyRing) : undefined;
  await onDraft(context, async (documentId, transaction, audit) => {
    const signer = await db.models.Signer.findOne({ where: { id: context.signerId, documentId }, transaction });
    if (!signer) throw signerNotFound();
    const email = changes.email?.trim().toLowerCase();
    if (email && email !== signer.email) {
      const taken = await db.models.Signer.count({ where: { documentId, email }, transaction });
      if (taken) {
        throw new SeglError({
          code: 'signer_exists',
          message: 'this e-mail address is already a signer of the document',
        });
      }
    }
    const method = changes.authMethod ?? signer.authMethod;
    const pinnedName = changes.expectedName === undefined ? signer.expectedName : changes.expectedName?.trim() || null;
    const pinnedId =
      changes.expectedNationalId === undefined
        ? signer.expectedNationalIdSealed
        : changes.expectedNationalId && kek
          ? sealPinnedNationalId({
              kek,
              signerId: signer.id,
              nationalId: normalizeNationalId(changes.expectedNationalId),
            })
          : null;
    if ((pinnedName || pinnedId) && !method.startsWith('oidc:')) {
      throw new SeglError({
        code: 'pin_needs_oidc',
        message: 'an expected identity can only be checked with an identity provider (oidc:...)',
      });
    }
    const now = clock.now();
    await signer.update(
      {
        name: changes.name?.trim() ?? signer.name,
        email: email ?? signer.email,
        authMethod: method,
        language: changes.language ?? signer.language,
        expectedName: pinnedName,
        expectedNationalIdSealed: pinnedId,
        updatedAt: now,
      },
      { transaction },
    );
    await audit({
      type: 'signer.updated',
      at: now,
      data: {
        signerId: signer.id,
        name: signer.name,
        email: signer.email,
        authMethod: signer.authMethod,
        language: signer.language,
        changed: Object.keys(changes).filter((k) => changes[k as keyof SignerChanges] !== undefined),
        pinned: Boolean(pinnedName || pinnedId),
      },
    });
  });
}

/** Removes a signer from a draft; the ones after move up a place. */
export async function removeSigner(context: EditContext & { signerId: string }): Promise<void> {
  const { db } = context.archive;
  await onDraft(context, async (documentId, transaction, audit) => {
    const signer = await db.models.Signer.findOne({ where: { id: context.signerId, documentId }, transaction });
    if (!signer) throw signerNotFound();
    await db.models.SigningLink.destroy({ where: { signerId: signer.id }, transaction });
    await signer.destroy({ transaction });
    const rest = await db.models.Signer.findAll({
      where: { documentId },
      order: [
        ['position', 'ASC'],
        ['createdAt', 'ASC'],
      ],
      transaction,
    });
    for (const [index, other] of rest.entries())
      if (other.position !== index + 1) await other.update({ position: index + 1 }, { transaction });
    await audit({ type: 'signer.removed', data: { signerId: signer.id, name: signer.name, email: signer.email } });
  });
}

/** Puts a draft's signers in a new order: `signerIds` lists every signer once, first to sign first. */
export async function reorderSigners(context: EditContext & { signerIds: string[] }): Promise<void> {
  const { db } = context.archive;
  await onDraft(context, async (documentId, transaction, audit) => {
    const signers = await db.models.Signer.findAll({ where: { documentId }, transaction });
    const wanted = context.signerIds;
    if (
      new Set(wanted).size !== wanted.length ||
      wanted.length !== signers.length ||
      !wanted.every((id) => signers.some((s) => s.id === id))
    ) {
      throw new SeglError({
        code: 'invalid_request',
        message: 'signerIds must list every signer of the document exactly once',
      });
    }
    for (const [index, id] of wanted.entries()) {
      const signer = signers.find((s) => s.id === id)!;
      if (signer.position !== index + 1) await signer.update({ position: index + 1 }, { transaction });
    }
    await audit({ type: 'signer.reordered', data: { order: wanted } });
  });
}
