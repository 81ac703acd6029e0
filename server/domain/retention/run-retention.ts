import type { DocumentArchive } from '../documents/document-archive.js';
import {
  findDueDocuments,
  findHeldDocuments,
  type DueCursor,
  type DueDocument,
  type HeldDocument,
} from './find-due-documents.js';
import { type RetentionPolicy, loadRetentionPolicy } from './retention-policy.js';
import type { Database } from '../../storage/database.js';
import { eraseDueDocument } from './erase-due-document.js';
import { retentionDeletions } from '../../lib/metrics.js';

export interface RetentionProgress {
  done: number;
  /** Documents found due so far (the search runs ahead of the deletions one batch at a time). */
  found: number;
}

export interface RetentionReport {
  now: Date;
  dryRun: boolean;
  /** Every document found due, in the order handled (oldest end first), with what became of it (none in a dry run). */
  due: (DueDocument & { outcome?: 'deleted' | 'skipped' | 'failed' })[];
  deleted: number;
  /** Found due, then not deleted because something changed first (a legal hold, a new period, another node). */
  skipped: number;
  failed: { id: string; code: string; error: string }[];
  /** Past their period but kept by a legal hold: reported, never deleted. */
  held: HeldDocument[];
  /** Stopped early by the signal; the next run finishes the rest. */
  interrupted?: boolean;
}

async function findAllHeld(options: { db: Database; policy: RetentionPolicy; now: Date }): Promise<HeldDocument[]> {
  const held: HeldDocument[] = [];
  let after: DueCursor | undefined;
  for (;;) {
    const page = await findHeldDocuments({ ...options, limit: 1000, after });
    held.push(...page.held);
    if (!page.next) return held;
    after = page.next;
  }
}

/**
 * One retention run at `now`: finds the documents past their period (batch by batch, oldest end first) and, unless
 * `dryRun`, erases each in its own transaction, so an interrupted run leaves whole tombstones and the next run
 * finishes the rest. A document that fails is reported and skipped; the others go on.
 */
export async function runRetention(options: {
  archive: DocumentArchive;
  defaultDays: number | null;
  now: Date;
  dryRun?: boolean;
  batchSize?: number;
  onProgress?: (progress: RetentionProgress) => void;
  /** Stops between documents (the appliance is shutting down); what is done stays done. */
  signal?: AbortSignal;
}): Promise<RetentionReport> {
  const { archive, now } = options;
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? 200;
  const policy = await loadRetentionPolicy({ db: archive.db, defaultDays: options.defaultDays });
  const held = await findAllHeld({ db: archive.db, policy, now });
  const report: RetentionReport = { now, dryRun, due: [], deleted: 0, skipped: 0, failed: [], held };
  let after: DueCursor | undefined;
  for (;;) {
    const page = await findDueDocuments({ db: archive.db, policy, now, limit: batchSize, after });
    for (const found of page.due) {
      if (options.signal?.aborted) {
        report.interrupted = true;
        return report;
      }
      const document: RetentionReport['due'][number] = { ...found };
      report.due.push(document);
      if (!dryRun) {
        try {
          const outcome = await eraseDueDocument({
            archive,
            defaultDays: options.defaultDays,
            documentId: document.id,
            now,
          });
          if (outcome === 'erased') {
            report.deleted += 1;
            retentionDeletions.inc();
          } else report.skipped += 1;
          document.outcome = outcome === 'erased' ? 'deleted' : 'skipped';
        } catch (error) {
          document.outcome = 'failed';
          report.failed.push({
            id: document.id,
            code: document.code,
            error: error instanceof Error ? error.message : String(error),
          });
          archive.logger?.error({ err: error, documentId: document.id }, 'retention could not delete a document');
        }
      }
      options.onProgress?.({ done: report.deleted + report.skipped + report.failed.length, found: report.due.length });
    }
    if (!page.next) return report;
    after = page.next;
  }
}
