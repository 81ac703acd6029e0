import type { Readable } from 'node:stream';
import { createLogger } from '../../server/lib/logger.js';
import { loadConfig } from '../../server/lib/config.js';
import { openAppliance, type OpenedAppliance } from '../../server/main.js';
import type { FolderAccess } from '../../server/domain/access/folder-access.js';
import { createDocument } from '../../server/domain/documents/create-document.js';
import { countDocuments, markCancelled, seedFolders } from '../../server/domain/benchmark/seed-archive.js';
import { openDocumentPdf } from '../../server/domain/documents/open-document-pdf.js';
import { deleteDocument } from '../../server/domain/documents/delete-document.js';
import { createExport } from '../../server/domain/export/create-export.js';
import { runRetention } from '../../server/domain/retention/run-retention.js';
import { createSamplePdf } from '../lib/sample-pdf.js';
import { createBenchUser, loadBenchAccess } from './bench-appliance.js';
import { createWorkDir } from './inputs.js';
import { guarded, isError, progress } from './log.js';
import { round } from './stats.js';

export interface ArchiveExportReport {
  documents: number;
  documentBytes: number;
  /** Plaintext PDF bytes put into the ZIP (the export's own count; it must equal documents × documentBytes). */
  pdfBytes: number;
  /** Bytes of the ZIP stream itself (PDFs stored, plus metadata, audit trails and the directory). */
  zipBytes: number;
  exportSeconds: number;
  exportMegabytesPerSecond: number;
  exportDocumentsPerSecond: number;
  /** Baseline: the same documents through openDocumentPdf, one after another, each stream fully read. */
  downloadsSeconds: number;
  downloadsMegabytesPerSecond: number;
  downloadsDocumentsPerSecond: number;
  exportVersusDownloads: number;
  /** process.memoryUsage().rss sampled every 50 ms: the highest value minus the value just before the run. */
  exportPeakRssGrowthMegabytes: number;
  downloadsPeakRssGrowthMegabytes: number;
  /** Peak RSS growth during the export over the bytes it exported: far below 1 when the export streams. */
  exportPeakRssGrowthVersusPdfBytes: number;
}

export interface ArchiveRetentionReport {
  documents: number;
  documentBytes: number;
  retentionSeconds: number;
  retentionDocumentsPerSecond: number;
  retentionMsPerDocument: number;
  /** Baseline: as many other documents of the same shape deleted one by one with deleteDocument (admin). */
  manualSeconds: number;
  manualDocumentsPerSecond: number;
  manualMsPerDocument: number;
  retentionVersusManual: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** Highest RSS seen (every 50 ms) while `run` goes, above the RSS just before it. */
async function withPeakRss<T>(run: () => Promise<T>): Promise<{ result: T; peakGrowthBytes: number; ms: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const started = performance.now();
    const result = await run();
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakGrowthBytes: peak - before, ms };
  } finally {
    clearInterval(timer);
  }
}

async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Uint8Array).length;
  return bytes;
}

/** Uploads `pdf` through createDocument (what POST /api/v1/documents does), at the top level unless in `folderId`. */
async function uploadDocument(options: {
  deps: OpenedAppliance;
  access: FolderAccess;
  pdf: Buffer;
  title: string;
  folderId?: string;
}): Promise<string> {
  const { deps, access, pdf, title, folderId } = options;
  return (await createDocument({ archive: deps.archive, access, folderId, title, bytes: pdf, maxPages: 2000 })).body.id;
}

/** What the export and the retention measurement each take: their appliance, how many documents, of what size. */
interface ArchiveBatch {
  deps: OpenedAppliance;
  count: number;
  documentBytes: number;
}

/** The one document a batch uploads `count` times: 2 pages, padded to about `documentBytes`. */
async function batchPdf(title: string, batch: ArchiveBatch): Promise<Buffer> {
  return Buffer.from(await createSamplePdf({ pages: 2, title, padBytes: batch.documentBytes }));
}

async function adminAccess(deps: OpenedAppliance): Promise<FolderAccess> {
  return loadBenchAccess({ deps, user: await createBenchUser({ deps, name: 'Bench', role: 'admin' }) });
}

/**
 * `count` documents of ~`documentBytes` uploaded through createDocument, then: plain downloads of each (baseline),
 * then one export of all of them (ZIP stream counted, not kept). Runs in an appliance with nothing else in it, so the
 * export holds exactly these documents.
 */
export async function measureArchiveExport(options: ArchiveBatch): Promise<ArchiveExportReport> {
  const { deps, count } = options;
  const pdf = await batchPdf('Archive export', options);
  const access = await adminAccess(deps);
  const before = await countDocuments({ db: deps.db });
  if (before !== 0) throw new Error(`the export appliance already holds ${before} documents`);
  progress(`archive export: uploading ${count} documents of ${pdf.length} bytes`);
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    ids.push(await uploadDocument({ deps, access, pdf, title: `Export ${i}` }));
  }

  // Warm-up (not counted): a few downloads, so neither side pays for first-call compilation alone.
  for (const id of ids.slice(0, 3))
    await drain((await openDocumentPdf({ archive: deps.archive, access, documentId: id })).stream);

  const downloads = await withPeakRss(async () => {
    let bytes = 0;
    for (const id of ids)
      bytes += await drain((await openDocumentPdf({ archive: deps.archive, access, documentId: id })).stream);
    return bytes;
  });
  if (downloads.result !== count * pdf.length)
    throw new Error(`downloads read ${downloads.result} bytes, expected ${count * pdf.length}`);
  progress(`archive export: ${count} plain downloads in ${round(downloads.ms)} ms`);

  const exported = await withPeakRss(async () => {
    const { stream, finished } = await createExport({
      archive: deps.archive,
      access,
      rootCertificatePem: deps.sealer.rootCertificatePem(),
    });
    const zipBytes = await drain(stream);
    const summary = await finished;
    return { zipBytes, summary };
  });
  const { summary, zipBytes } = exported.result;
  if (
    !summary.complete ||
    summary.documents !== count ||
    summary.pdfs !== count ||
    summary.bytes !== count * pdf.length
  ) {
    throw new Error(`the export is not what was uploaded: ${JSON.stringify(summary)}`);
  }
  if (zipBytes < summary.bytes)
    throw new Error(`the ZIP (${zipBytes} bytes) is smaller than its PDFs (${summary.bytes} bytes)`);
  progress(
    `archive export: export of ${count} documents (${zipBytes} ZIP bytes) in ${round(exported.ms)} ms, ` +
      `peak RSS +${round(exported.peakGrowthBytes / 1e6, 1)} MB`,
  );

  const mbps = (ms: number) => round(summary.bytes / 1e6 / (ms / 1000), 1);
  const dps = (ms: number) => round(count / (ms / 1000), 1);
  return {
    documents: count,
    documentBytes: pdf.length,
    pdfBytes: summary.bytes,
    zipBytes,
    exportSeconds: round(exported.ms / 1000, 3),
    exportMegabytesPerSecond: mbps(exported.ms),
    exportDocumentsPerSecond: dps(exported.ms),
    downloadsSeconds: round(downloads.ms / 1000, 3),
    downloadsMegabytesPerSecond: mbps(downloads.ms),
    downloadsDocumentsPerSecond: dps(downloads.ms),
    exportVersusDownloads: round(downloads.ms / exported.ms, 3),
    exportPeakRssGrowthMegabytes: round(exported.peakGrowthBytes / 1e6, 1),
    downloadsPeakRssGrowthMegabytes: round(downloads.peakGrowthBytes / 1e6, 1),
    exportPeakRssGrowthVersusPdfBytes: round(exported.peakGrowthBytes / summary.bytes, 4),
  };
}

/**
 * 2 × `count` documents uploaded through createDocument, then made ended long ago straight in the table (cancelled,
 * 100 days back): `count` in a folder kept 30 days (due), `count` in a folder without a period (the baseline's). The
 * baseline deletes its documents one by one with deleteDocument; then one runRetention erases the due ones.
 */
export async function measureArchiveRetention(options: ArchiveBatch): Promise<ArchiveRetentionReport> {
  const { deps, count } = options;
  const now = new Date();
  const [dueFolderId] = await seedFolders({ db: deps.db, names: ['Retention bench (30 days)'], retentionDays: 30 });
  const [keptFolderId] = await seedFolders({ db: deps.db, names: ['Retention bench (kept)'] });
  const access = await adminAccess(deps);
  const pdf = await batchPdf('Archive retention', options);
  progress(`archive retention: uploading 2 × ${count} documents of ${pdf.length} bytes`);
  const due: string[] = [];
  const manual: string[] = [];
  for (let i = 0; i < count; i += 1) {
    due.push(await uploadDocument({ deps, access, pdf, folderId: dueFolderId, title: `Retention ${i}` }));
    manual.push(await uploadDocument({ deps, access, pdf, folderId: keptFolderId, title: `Manual ${i}` }));
  }
  const endedAt = new Date(now.getTime() - 100 * DAY_MS);
  await markCancelled({ db: deps.db, documentIds: [...due, ...manual], endedAt });

  let started = performance.now();
  for (const documentId of manual) await deleteDocument({ archive: deps.archive, access, documentId });
  const manualMs = performance.now() - started;
  progress(`archive retention: ${count} documents deleted one by one in ${round(manualMs)} ms`);

  started = performance.now();
  const report = await runRetention({ archive: deps.archive, defaultDays: null, now: new Date() });
  const retentionMs = performance.now() - started;
  if (report.deleted !== count || report.failed.length || report.skipped) {
    throw new Error(
      `retention deleted ${report.deleted} of ${count} (skipped ${report.skipped}, failed ${report.failed.length}` +
        `${report.failed[0] ? `: ${report.failed[0].error}` : ''})`,
    );
  }
  const left = await countDocuments({ db: deps.db, documentIds: [...due, ...manual], status: 'cancelled' });
  if (left !== 0) throw new Error(`${left} documents were not deleted`);
  progress(`archive retention: runRetention erased ${count} documents in ${round(retentionMs)} ms`);

  return {
    documents: count,
    documentBytes: pdf.length,
    retentionSeconds: round(retentionMs / 1000, 3),
    retentionDocumentsPerSecond: round(count / (retentionMs / 1000), 1),
    retentionMsPerDocument: round(retentionMs / count, 2),
    manualSeconds: round(manualMs / 1000, 3),
    manualDocumentsPerSecond: round(count / (manualMs / 1000), 1),
    manualMsPerDocument: round(manualMs / count, 2),
    retentionVersusManual: round(manualMs / retentionMs, 3),
  };
}

export interface ArchiveExportRetention {
  export: ArchiveExportReport | { error: string };
  retention: ArchiveRetentionReport | { error: string };
}

/**
 * Both measurements in an appliance of their own (fresh data dir, storage repair at start as usual), so that neither
 * the 50 MB throughput documents nor the listing's seeded rows end up in the export or the retention scan.
 */
export async function measureArchiveExportRetention(options: { quick: boolean }): Promise<ArchiveExportRetention> {
  const work = createWorkDir();
  try {
    const config = loadConfig({ dataDir: work.dataDir, env: { PORT: '0' } });
    const deps = await guarded('archive export/retention appliance', () =>
      openAppliance({ config, logger: createLogger({ level: 'silent' }) }),
    );
    if (isError(deps)) return { export: deps, retention: deps };
    try {
      const exported = await guarded('archive export', () =>
        measureArchiveExport({ deps, count: options.quick ? 40 : 200, documentBytes: 1e6 }),
      );
      const retention = await guarded('archive retention', () =>
        measureArchiveRetention({ deps, count: options.quick ? 60 : 300, documentBytes: 100e3 }),
      );
      return { export: exported, retention };
    } finally {
      await deps.db.close();
    }
  } finally {
    work.remove();
  }
}
