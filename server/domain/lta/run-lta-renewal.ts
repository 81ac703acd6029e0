import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import { isSeglError } from '../../lib/errors.js';
import type { DocumentArchive } from '../documents/document-archive.js';
import type { Sealer } from '../sealer.js';
import { isRetired } from '../../pades/archive-timestamp.js';
import { renewDocumentEvidence, type RenewalPolicy } from './renew-document-evidence.js';

export interface LtaRenewalReport {
  now: Date;
  dryRun: boolean;
  horizonDays: number;
  /** Documents looked at (the ones whose state was unknown or near or past the horizon). */
  checked: number;
  renewed: { id: string; code: string; reason: string; expiresAt: string }[];
  /** Due, but left alone (dry run). */
  due: { id: string; code: string; reason: string; expiresAt: string }[];
  failed: { id: string; code: string; error: string; message: string }[];
  interrupted?: boolean;
}

const PAGE = 200;
const CONCURRENCY = 4;

/**
 * One renewal run: every completed document whose newest archive timestamp is unknown yet, expires within the
 * horizon, or uses a retired algorithm is looked at and (unless `dryRun`) renewed, one document at a time; a
 * failure is reported and the others go on. The index on (status, lta_expires_at) keeps daily runs cheap.
 */
export async function runLtaRenewal(options: {
  archive: DocumentArchive;
  sealer: Sealer;
  policy: RenewalPolicy;
  dryRun?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
}): Promise<LtaRenewalReport> {
  const { archive, policy } = options;
  const dryRun = options.dryRun ?? false;
  const report: LtaRenewalReport = {
    now: policy.now,
    dryRun,
    horizonDays: policy.horizonDays,
    checked: 0,
    renewed: [],
    due: [],
    failed: [],
  };
  const horizon = new Date(policy.now.getTime() + policy.horizonDays * 86_400_000);
  const retiredMatters = policy.retiredAlgorithms.length > 0;
  // Most documents' newest timestamps share a TSA chain: its validation data is collected once per run.
  const material = new Map<string, ReturnType<Sealer['validationMaterial']>>();
  const sealer: Sealer = {
    ...options.sealer,
    validationMaterial: (certificates) => {
      const key = createHash('sha256').update(Buffer.concat(certificates)).digest('hex');
      let pending = material.get(key);
      if (!pending) {
        pending = options.sealer.validationMaterial(certificates);
        pending.catch(() => material.delete(key));
        material.set(key, pending);
      }
      return pending;
    },
  };
  let afterId = '';
  for (;;) {
    const rows = await archive.db.models.Document.findAll({
      where: {
        status: 'completed',
        id: { [Op.gt]: afterId },
        ...(retiredMatters ? {} : { [Op.or]: [{ ltaExpiresAt: null }, { ltaExpiresAt: { [Op.lte]: horizon } }] }),
      },
      attributes: ['id', 'code', 'ltaExpiresAt', 'ltaAlgorithms'],
      order: [['id', 'ASC']],
      limit: PAGE,
      raw: true,
    });
    if (rows.length === 0) break;
    afterId = rows.at(-1)!.id;
    const due = rows.filter((row) => {
      const known = row.ltaExpiresAt && row.ltaAlgorithms !== null && row.ltaAlgorithms !== undefined;
      return (
        !known ||
        new Date(row.ltaExpiresAt!).getTime() <= horizon.getTime() ||
        row.ltaAlgorithms!.split(',').some((algorithm) => isRetired(algorithm, policy.retiredAlgorithms))
      );
    });
    // A few documents at once: one's decryption and signing overlap another's disk writes (each is still renewed
    // in its own transaction; SQLite's writes take turns).
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const row = due[next++]!;
        if (options.signal?.aborted) {
          report.interrupted = true;
          return;
        }
        report.checked += 1;
        try {
          const result = await renewDocumentEvidence({ archive, sealer, documentId: row.id, policy, dryRun });
          if (result.outcome === 'renewed')
            report.renewed.push({
              id: row.id,
              code: row.code,
              reason: result.reason,
              expiresAt: result.expiresAt.toISOString(),
            });
          if (result.outcome === 'due')
            report.due.push({
              id: row.id,
              code: row.code,
              reason: result.reason,
              expiresAt: result.expiresAt.toISOString(),
            });
        } catch (error) {
          report.failed.push({
            id: row.id,
            code: row.code,
            error: isSeglError(error) ? error.code : 'server_error',
            message: error instanceof Error ? error.message : String(error),
          });
          archive.logger?.warn({ documentId: row.id, err: error }, 'long-term renewal failed');
        }
        options.onProgress?.(report.checked);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (report.interrupted) return report;
  }
  return report;
}
