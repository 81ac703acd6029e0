import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { createDocument } from '../../server/domain/documents/create-document.js';
import { openDocumentPdf } from '../../server/domain/documents/open-document-pdf.js';
import { envelopeLengthOf } from '../../server/domain/benchmark/envelope-stream.js';
import { createSamplePdf } from '../lib/sample-pdf.js';
import { createBenchUser, loadBenchAccess, openBenchArchive } from './bench-appliance.js';
import type { OpenedAppliance } from '../../server/main.js';
import { progress } from './log.js';
import { round } from './stats.js';

export interface ArchiveThroughputReport {
  documentBytes: number;
  runs: number;
  /** validate + SHA-256 + encrypt (OpenPGP SEIPDv2 AES-256-GCM) + write + fsync + commit, per second. */
  uploadMegabytesPerSecond: number;
  /** unwrap + decrypt stream, fully read. */
  downloadMegabytesPerSecond: number;
  /** Node's own AES-256-GCM over the same bytes, in memory, nothing else. */
  rawAesGcmMegabytesPerSecond: number;
  uploadVersusRawAesGcm: number;
  /** The encryption at rest itself: the OpenPGP envelope (SEIPDv2, AES-256-GCM) streamed over the same bytes. */
  envelopeEncryptMegabytesPerSecond: number;
  envelopeVersusRawAesGcm: number;
  /** Baselines on the same bytes: SHA-256 alone, and writing the bytes to a file with fsync (what durability costs). */
  rawSha256MegabytesPerSecond: number;
  rawWriteFsyncMegabytesPerSecond: number;
  /** Upload time minus the SHA-256 and write+fsync baselines: validation, encryption and the commit. */
  uploadOverheadBeyondHashAndDiskMs: number;
  medianUploadMs: number;
  medianDownloadMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function rawAesGcmMs(bytes: Uint8Array): number {
  const started = performance.now();
  const cipher = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
  for (let at = 0; at < bytes.length; at += 4 * 1024 * 1024) cipher.update(bytes.subarray(at, at + 4 * 1024 * 1024));
  cipher.final();
  cipher.getAuthTag();
  return performance.now() - started;
}

function rawSha256Ms(bytes: Uint8Array): number {
  const started = performance.now();
  createHash('sha256').update(bytes).digest();
  return performance.now() - started;
}

function rawWriteFsyncMs(bytes: Uint8Array, dir: string): number {
  const file = join(dir, `raw-${randomBytes(4).toString('hex')}`);
  const started = performance.now();
  const fd = openSync(file, 'wx', 0o600);
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, Math.min(4 * 1024 * 1024, bytes.length - at));
  fsyncSync(fd);
  closeSync(fd);
  const elapsed = performance.now() - started;
  rmSync(file);
  return elapsed;
}

async function envelopeEncryptMs(bytes: Uint8Array): Promise<number> {
  const started = performance.now();
  if ((await envelopeLengthOf(bytes)) <= bytes.length) throw new Error('the envelope is shorter than its plaintext');
  return performance.now() - started;
}

/** A 50 MB document through createDocument (what POST /api/v1/documents does after reading the body) and back. */
export async function measureArchiveThroughput(options: {
  deps: OpenedAppliance;
  documentBytes: number;
  runs: number;
}): Promise<ArchiveThroughputReport> {
  const { deps } = options;
  const pdf = Buffer.from(
    await createSamplePdf({ pages: 10, title: 'Archive throughput', padBytes: options.documentBytes }),
  );
  progress(`archive throughput: ${pdf.length} byte document, ${options.runs} runs`);
  const user = await createBenchUser({ deps, name: 'Bench', role: 'admin' });
  const access = await loadBenchAccess({ deps, user });
  const archive = openBenchArchive({ deps });
  const upload: number[] = [];
  const download: number[] = [];
  const raw: number[] = [];
  const sha: number[] = [];
  const disk: number[] = [];
  const envelope: number[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'segl-bench-disk-'));
  for (let run = 0; run < options.runs + 1; run += 1) {
    raw.push(rawAesGcmMs(pdf));
    sha.push(rawSha256Ms(pdf));
    disk.push(rawWriteFsyncMs(pdf, scratch));
    envelope.push(await envelopeEncryptMs(pdf));
    let started = performance.now();
    const created = await createDocument({ archive, access, title: `Throughput ${run}`, bytes: pdf, maxPages: 2000 });
    const uploadMs = performance.now() - started;
    started = performance.now();
    const opened = await openDocumentPdf({ archive, access, documentId: created.body.id });
    const back = await buffer(opened.stream);
    const downloadMs = performance.now() - started;
    if (createHash('sha256').update(back).digest('hex') !== opened.sha256)
      throw new Error('the round trip changed the document');
    if (run > 0) {
      upload.push(uploadMs);
      download.push(downloadMs);
    }
  }
  rmSync(scratch, { recursive: true, force: true });
  const mbps = (ms: number) => round(pdf.length / 1e6 / (ms / 1000), 1);
  const uploadMbps = mbps(median(upload));
  const rawMbps = mbps(median(raw));
  return {
    documentBytes: pdf.length,
    runs: options.runs,
    uploadMegabytesPerSecond: uploadMbps,
    downloadMegabytesPerSecond: mbps(median(download)),
    rawAesGcmMegabytesPerSecond: rawMbps,
    uploadVersusRawAesGcm: round(uploadMbps / rawMbps, 3),
    envelopeEncryptMegabytesPerSecond: mbps(median(envelope)),
    envelopeVersusRawAesGcm: round(mbps(median(envelope)) / rawMbps, 3),
    rawSha256MegabytesPerSecond: mbps(median(sha)),
    rawWriteFsyncMegabytesPerSecond: mbps(median(disk)),
    uploadOverheadBeyondHashAndDiskMs: round(median(upload) - median(sha) - median(disk), 1),
    medianUploadMs: round(median(upload), 1),
    medianDownloadMs: round(median(download), 1),
  };
}
