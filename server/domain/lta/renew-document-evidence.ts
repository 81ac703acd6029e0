import { createHash, randomUUID } from 'node:crypto';
import {
  findNewestArchiveTimestamp,
  renewArchiveTimestamp,
  renewalReason,
  type ArchiveTimestamp,
  type RenewalReason,
} from '../../pades/archive-timestamp.js';
import { SeglError } from '../../lib/errors.js';
import { SYSTEM_ACTOR } from '../audit/audit-actor.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { DocumentArchive } from '../documents/document-archive.js';
import { latestSignedBlob } from '../documents/latest-signed-blob.js';
import { readVerifiedVersion } from '../documents/read-verified-version.js';
import type { Sealer } from '../sealer.js';

export interface RenewalPolicy {
  now: Date;
  horizonDays: number;
  retiredAlgorithms: string[];
}

export type DocumentRenewal =
  | { outcome: 'current'; expiresAt: Date }
  | { outcome: 'due'; reason: RenewalReason; expiresAt: Date }
  | { outcome: 'renewed'; reason: RenewalReason; expiresAt: Date; previousExpiresAt: Date; sha256: string }
  | { outcome: 'not-lta' };

const SLACK_BYTES = 64 * 1024;

const columnsOf = (stamp: ArchiveTimestamp) => ({
  ltaExpiresAt: stamp.expiresAt,
  ltaAlgorithms: stamp.algorithms.join(','),
});

/**
 * Looks at one sealed document's newest document timestamp and, when it is due (its TSA certificate expires within
 * the horizon, or it relies on a retired algorithm) and `dryRun` is off, adds the validation data for it and a new
 * document timestamp as a new encrypted version of the final PDF, with a `document.renewed` audit event. A renewal
 * whose new timestamp would not outlive the old one (the TSA's own certificate is expiring) is refused rather than
 * stacked up run after run.
 */
export async function renewDocumentEvidence(options: {
  archive: DocumentArchive;
  sealer: Sealer;
  documentId: string;
  policy: RenewalPolicy;
  dryRun: boolean;
}): Promise<DocumentRenewal> {
  const { archive, sealer, documentId, policy } = options;
  const { db, blobs } = archive;
  const [blobRows, keyRow] = await Promise.all([
    db.models.DocumentBlob.findAll({ where: { documentId }, raw: true }),
    db.models.DocumentKey.findByPk(documentId, { raw: true }),
  ]);
  const current = latestSignedBlob(blobRows);
  if (!current || !keyRow) {
    throw new SeglError({ code: 'document_unreadable', message: 'the signed file or its key is missing' });
  }
  const { file, sessionKey } = await readVerifiedVersion({
    archive,
    documentId,
    keyRow,
    blobName: current.blobName,
    sha256: current.sha256,
    slackBytes: SLACK_BYTES,
    what: 'signed file',
  });
  try {
    const stamp = findNewestArchiveTimestamp(file.view());
    if (!stamp) return { outcome: 'not-lta' };
    const reason = renewalReason({
      stamp,
      now: policy.now,
      horizonDays: policy.horizonDays,
      retired: policy.retiredAlgorithms,
    });
    if (!reason || options.dryRun) {
      if (!options.dryRun) await db.models.Document.update(columnsOf(stamp), { where: { id: documentId } });
      return reason
        ? { outcome: 'due', reason, expiresAt: stamp.expiresAt }
        : { outcome: 'current', expiresAt: stamp.expiresAt };
    }

    const { previous, renewed } = await renewArchiveTimestamp({
      file,
      timestamp: (digest) => sealer.timestamp(digest),
      validationMaterial: (certificates) => sealer.validationMaterial(certificates),
    });
    if (
      renewalReason({
        stamp: renewed,
        now: policy.now,
        horizonDays: policy.horizonDays,
        retired: policy.retiredAlgorithms,
      })
    ) {
      throw new SeglError({
        code: 'lta_tsa_unfit',
        message:
          'The new document timestamp would be due again at once ' +
          `(TSA certificate until ${renewed.expiresAt.toISOString()}, ` +
          (`algorithms ${renewed.algorithms.join(', ')}): renew the TSA certificate or configure ` +
            `another TSA (SEGL_TSA_URLS)`),
      });
    }
    const output = file.view();
    const sha256 = createHash('sha256').update(output).digest('hex');
    const { name: blobName } = await blobs.writeEncrypted({
      plaintext: [output],
      sessionKey,
      plaintextSize: output.length,
    });
    const committed = await db.transaction(async (transaction) => {
      // the document row first, locked (as deletion takes it): a deletion committing meanwhile is seen, not overrun
      const document = await db.models.Document.findByPk(documentId, {
        transaction,
        lock: transaction.LOCK.UPDATE,
        raw: true,
      });
      // another renewal (a second node, the CLI beside the server) may have stored a newer version meanwhile
      const newest = latestSignedBlob(
        await db.models.DocumentBlob.findAll({ where: { documentId }, transaction, raw: true }),
      );
      if (newest?.id !== current.id || document?.status !== 'completed') return false;
      const at = archive.clock.now();
      await db.models.DocumentBlob.create(
        { id: randomUUID(), documentId, kind: 'renewed', blobName, sha256, sizeBytes: output.length, createdAt: at },
        { transaction },
      );
      await db.models.Document.update(
        { ...columnsOf(renewed), ltaRenewedAt: at },
        { where: { id: documentId }, transaction },
      );
      await appendAuditEvent({
        db,
        transaction,
        documentId,
        type: 'document.renewed',
        at,
        actor: SYSTEM_ACTOR,
        data: {
          reason,
          sha256,
          sizeBytes: output.length,
          previousTimestamp: previous.genTime.toISOString(),
          previousExpiresAt: previous.expiresAt.toISOString(),
          expiresAt: renewed.expiresAt.toISOString(),
        },
      });
      return true;
    });
    if (!committed) {
      await blobs.remove({ name: blobName });
      throw new SeglError({
        code: 'lta_conflict',
        message: 'the document changed while it was renewed; the next run renews it',
      });
    }
    return { outcome: 'renewed', reason, expiresAt: renewed.expiresAt, previousExpiresAt: previous.expiresAt, sha256 };
  } finally {
    sessionKey.fill(0);
  }
}
