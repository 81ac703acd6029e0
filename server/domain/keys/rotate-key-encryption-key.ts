import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { fingerprintKek, unwrapDocumentKey, wrapDocumentKey } from '../../crypto/envelope-key-wrap.js';
import { fsyncDirectory, kekFileText, parseKeyEncryptionKey } from '../../crypto/key-encryption-key.js';
import { writeFileAtomic } from '../../lib/atomic-write.js';
import { rewrapPkiKeys } from '../../crypto/pki-key-rewrap.js';
import { rewrapUnderNewKek, type KekRotationKeys } from '../../crypto/rewrap-under-new-kek.js';
import { SeglError } from '../../lib/errors.js';
import { openTotpSecret, sealTotpSecret } from '../auth/totp-secret.js';
import { rewrapWebhookSecrets } from '../webhooks/webhook-secret.js';
import { rewrapSignerClaims } from '../signer-flow/signer-claims.js';
import { rewrapQueuedMail } from '../signer-flow/queue-signer-mail.js';
import { kekFilePaths, readKekFile } from './kek-files.js';

export interface RotationProgress {
  phase: 'documents' | 'totp' | 'pki' | 'commit';
  done: number;
  total: number;
}

export interface RotationResult {
  mode: 'file' | 'environment';
  resumed: boolean;
  oldKekId: string;
  newKekId: string;
  documentKeys: number;
  totpSecrets: number;
  pkiKeys: number;
}

export interface KekRotationOptions {
  db: Database;
  dataDir: string;
  /** SEGL_KEK, when the KEK comes from the environment. */
  environmentKek?: string;
  /** SEGL_KEK_NEXT: required in environment mode. */
  environmentNextKek?: string;
  /** Document keys re-wrapped per batch (200 by default). */
  batchSize?: number;
  onProgress?: (progress: RotationProgress) => void;
}

/** Re-wraps document keys in batches; each row names its KEK, so a rerun after a kill picks up where it stopped. */
async function rewrapDocumentKeys(options: {
  db: Database;
  keys: Map<string, Uint8Array>;
  newKek: Uint8Array;
  batchSize: number;
  onProgress?: (p: RotationProgress) => void;
}): Promise<number> {
  const { db, newKek } = options;
  const newId = fingerprintKek(newKek);
  const total = await db.models.DocumentKey.count({ where: { kekId: { [Op.ne]: newId } } });
  let done = 0;
  for (;;) {
    const rows = await db.models.DocumentKey.findAll({
      where: { kekId: { [Op.ne]: newId } },
      order: [['documentId', 'ASC']],
      limit: options.batchSize,
      raw: true,
    });
    if (!rows.length) break;
    await db.transaction(async (transaction) => {
      for (const row of rows) {
        const oldKek = options.keys.get(row.kekId);
        if (!oldKek) {
          throw new SeglError({
            code: 'kek_unknown',
            message: `document ${row.documentId} is wrapped by a KEK that is not available (id ${row.kekId})`,
          });
        }
        const sessionKey = unwrapDocumentKey({ kek: oldKek, wrapped: row.wrappedKey, documentId: row.documentId });
        const wrappedKey = wrapDocumentKey({ kek: newKek, sessionKey, documentId: row.documentId });
        sessionKey.fill(0);
        await db.models.DocumentKey.update(
          { wrappedKey, kekId: newId },
          { where: { documentId: row.documentId, kekId: row.kekId }, transaction },
        );
      }
    });
    done += rows.length;
    options.onProgress?.({ phase: 'documents', done, total: Math.max(total, done) });
  }
  return done;
}

/** TOTP secrets carry no KEK id: a secret that already opens with the new key is done. */
async function rewrapTotpSecrets(options: KekRotationKeys & { db: Database }): Promise<number> {
  const users = await options.db.models.User.findAll({
    where: { totpSecretWrapped: { [Op.ne]: null } },
    attributes: ['id', 'totpSecretWrapped'],
    raw: true,
  });
  let count = 0;
  for (const user of users) {
    const stored = user.totpSecretWrapped!;
    const resealed = rewrapUnderNewKek({
      oldKek: options.oldKek,
      newKek: options.newKek,
      subject: `user ${user.id}'s TOTP secret`,
      open: (kek) => openTotpSecret({ kek, userId: user.id, stored }),
      seal: (kek, opened) =>
        sealTotpSecret({ kek, userId: user.id, secret: opened.secret, lastUsedStep: opened.lastUsedStep }),
    });
    if (resealed === undefined) continue;
    await options.db.models.User.update(
      { totpSecretWrapped: resealed },
      { where: { id: user.id, totpSecretWrapped: stored } },
    );
    count += 1;
  }
  return count;
}

/**
 * `segl keys rotate`: a new KEK; every document key, TOTP secret, webhook secret, signer's sealed identity claims,
 * queued mail and PKI private key re-wrapped; blobs untouched.
 *
 * File mode (DATA/kek): the new key is first written to DATA/kek.next (0600, fsynced); a rerun resumes with it.
 * Rows are re-wrapped in batches (each row records its KEK id, and running servers load both keys meanwhile),
 * then TOTP secrets and the PKI key files, and finally DATA/kek.next is renamed over DATA/kek.
 *
 * Environment mode (SEGL_KEK): the new key must come from SEGL_KEK_NEXT (it is never written to disk); afterwards
 * the operator replaces SEGL_KEK with it and restarts.
 */
export async function rotateKeyEncryptionKey(options: KekRotationOptions): Promise<RotationResult> {
  const { db, dataDir } = options;
  const batchSize = options.batchSize ?? 200;
  const files = kekFilePaths(dataDir);
  const envMode = Boolean(options.environmentKek?.trim());
  let oldKek: Uint8Array;
  let newKek: Uint8Array;
  let resumed = false;
  if (envMode) {
    oldKek = parseKeyEncryptionKey(options.environmentKek!, 'SEGL_KEK');
    if (!options.environmentNextKek?.trim()) {
      throw new SeglError({
        code: 'kek_next_required',
        message:
          'SEGL_KEK is set, so the new key cannot be stored in the data directory: generate one ' +
          '(openssl rand -base64 32), pass it as SEGL_KEK_NEXT, rerun, then set SEGL_KEK to it and ' +
          'restart',
      });
    }
    newKek = parseKeyEncryptionKey(options.environmentNextKek, 'SEGL_KEK_NEXT');
  } else {
    const current = await readKekFile(files.current);
    if (!current) {
      throw new SeglError({
        code: 'kek_missing',
        message: `no KEK file at ${files.current} (and SEGL_KEK is not set)`,
      });
    }
    oldKek = current;
    const pending = await readKekFile(files.next);
    if (pending) {
      newKek = pending;
      resumed = true;
    } else {
      newKek = new Uint8Array(randomBytes(32));
      writeFileAtomic(files.next, kekFileText(newKek), { mode: 0o600 });
    }
  }
  const oldKekId = fingerprintKek(oldKek);
  const newKekId = fingerprintKek(newKek);
  if (oldKekId === newKekId) {
    throw new SeglError({ code: 'kek_unchanged', message: 'the new KEK equals the current one' });
  }
  const keys = new Map([
    [oldKekId, oldKek],
    [newKekId, newKek],
  ]);

  const documentKeys = await rewrapDocumentKeys({ db, keys, newKek, batchSize, onProgress: options.onProgress });
  const totpSecrets = await rewrapTotpSecrets({ db, oldKek, newKek });
  await rewrapWebhookSecrets({ db, oldKek, newKek });
  await rewrapSignerClaims({ db, oldKek, newKek });
  await rewrapQueuedMail({ db, oldKek, newKek });
  options.onProgress?.({ phase: 'totp', done: totpSecrets, total: totpSecrets });
  const pkiKeys = await rewrapPkiKeys({ pkiDir: path.join(dataDir, 'pki'), oldKek, newKek });
  options.onProgress?.({ phase: 'pki', done: pkiKeys, total: pkiKeys });
  // Rows written by a server during the rotation with the old key (only possible in environment mode) are caught here.
  await rewrapDocumentKeys({ db, keys, newKek, batchSize, onProgress: options.onProgress });
  await rewrapQueuedMail({ db, oldKek, newKek });
  if (!envMode) {
    await fs.rename(files.next, files.current);
    await fsyncDirectory(dataDir);
  }
  options.onProgress?.({ phase: 'commit', done: 1, total: 1 });
  return { mode: envMode ? 'environment' : 'file', resumed, oldKekId, newKekId, documentKeys, totpSecrets, pkiKeys };
}
