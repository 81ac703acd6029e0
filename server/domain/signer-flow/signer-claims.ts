import { Op } from 'sequelize';
import { unwrapSecret, unwrapSecretWithAny, wrapSecret } from '../../crypto/key-encryption-key.js';
import { rewrapUnderNewKek, type KekRotationKeys } from '../../crypto/rewrap-under-new-kek.js';
import type { Database } from '../../storage/database.js';

/** The label binds the sealed claims to the signer they belong to: moved to another signer row, they do not open. */
const label = (signerId: string) => `segl/signer-claims/${signerId}`;
const pinLabel = (signerId: string) => `segl/signer-pin/${signerId}`;

/**
 * A pinned national identity number, sealed under the KEK: a hash of an 11-digit number would be inverted in
 * seconds by whoever holds a database backup.
 */
export function sealPinnedNationalId(options: { kek: Uint8Array; signerId: string; nationalId: string }): string {
  return Buffer.from(
    wrapSecret({
      kek: options.kek,
      plaintext: Buffer.from(options.nationalId, 'utf8'),
      label: pinLabel(options.signerId),
    }),
  ).toString('base64');
}

/** Opens a pinned number with whichever of the candidate KEKs sealed it. */
export function openPinnedNationalId(options: { keks: Uint8Array[]; signerId: string; sealed: string }): string {
  return Buffer.from(
    unwrapSecretWithAny({
      keks: options.keks,
      wrapped: new Uint8Array(Buffer.from(options.sealed, 'base64')),
      label: pinLabel(options.signerId),
    }),
  ).toString('utf8');
}

/** Every claim the identity provider sent (full national identity number included), sealed under the KEK. */
export function sealSignerClaims(options: {
  kek: Uint8Array;
  signerId: string;
  claims: Record<string, unknown>;
}): string {
  return Buffer.from(
    wrapSecret({
      kek: options.kek,
      plaintext: Buffer.from(JSON.stringify(options.claims), 'utf8'),
      label: label(options.signerId),
    }),
  ).toString('base64');
}

export function openSignerClaims(options: {
  kek: Uint8Array;
  signerId: string;
  sealed: string;
}): Record<string, unknown> {
  const plain = unwrapSecret({
    kek: options.kek,
    wrapped: new Uint8Array(Buffer.from(options.sealed, 'base64')),
    label: label(options.signerId),
  });
  return JSON.parse(Buffer.from(plain).toString('utf8')) as Record<string, unknown>;
}

/**
 * For `segl keys rotate`: re-seals every signer's pinned identity number and claims under the new KEK. Claims that
 * already open with the new key are done, so a rerun after an interruption skips them. Returns how many changed.
 */
export async function rewrapSignerClaims(options: KekRotationKeys & { db: Database }): Promise<number> {
  const { oldKek, newKek } = options;
  let count = 0;
  const pinned = await options.db.models.Signer.findAll({
    where: { expectedNationalIdSealed: { [Op.ne]: null } },
    attributes: ['id', 'expectedNationalIdSealed'],
    raw: true,
  });
  for (const signer of pinned) {
    const sealed = signer.expectedNationalIdSealed!;
    const resealed = rewrapUnderNewKek({
      oldKek,
      newKek,
      subject: `signer ${signer.id}'s pinned identity number`,
      open: (kek) => openPinnedNationalId({ keks: [kek], signerId: signer.id, sealed }),
      seal: (kek, nationalId) => sealPinnedNationalId({ kek, signerId: signer.id, nationalId }),
    });
    if (resealed === undefined) continue;
    await options.db.models.Signer.update(
      { expectedNationalIdSealed: resealed },
      { where: { id: signer.id, expectedNationalIdSealed: sealed } },
    );
    count += 1;
  }
  const signers = await options.db.models.Signer.findAll({
    where: { identity: { [Op.like]: '%"sealedClaims"%' } },
    attributes: ['id', 'identity'],
    raw: true,
  });
  for (const signer of signers) {
    const identity = JSON.parse(signer.identity!) as { sealedClaims?: string };
    const sealed = identity.sealedClaims;
    if (!sealed) continue;
    const resealed = rewrapUnderNewKek({
      oldKek,
      newKek,
      subject: `signer ${signer.id}'s identity claims`,
      open: (kek) => openSignerClaims({ kek, signerId: signer.id, sealed }),
      seal: (kek, claims) => sealSignerClaims({ kek, signerId: signer.id, claims }),
    });
    if (resealed === undefined) continue;
    await options.db.models.Signer.update(
      { identity: JSON.stringify({ ...identity, sealedClaims: resealed }) },
      { where: { id: signer.id, identity: signer.identity } },
    );
    count += 1;
  }
  return count;
}
