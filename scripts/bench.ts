/**
 * `npm run bench`: seal time per PAdES level, batch throughput and big-file peak memory, each next to baselines
 * measured in the same run on the same inputs. Prints one JSON document on stdout; progress goes to stderr.
 * `npm run bench -- --quick` runs short loops on a smaller big file (a smoke test of the bench, not numbers).
 */
import type { KeyObject } from 'node:crypto';
import { openSealer, type Sealer } from '../server/domain/sealer.js';
import { loadConfig } from '../server/lib/config.js';
import {
  pdfLibBaseline,
  sha256Baseline,
  signerBaselineName,
  signpdfBaseline,
  type Baseline,
} from './bench/baselines.js';
import { createSampleSet, createWorkDir, writeBigSample, type SampleSet } from './bench/inputs.js';
import { measureSealLatency, type LatencyReport } from './bench/latency.js';
import { errorOf, guarded, progress } from './bench/log.js';
import { machineInfo } from './bench/machine.js';
import { measureBigBaselines, measureBigSeal } from './bench/memory.js';
import { evaluateTargets } from './bench/targets.js';
import { compareThroughput } from './bench/throughput.js';
import type { P12Protection } from './bench/p12.js';
import { measureArchive } from './bench/archive-section.js';
import { measurePortal } from './bench/portal-section.js';
import { measureSigning } from './bench/signing-section.js';
import { measureVerification } from './bench/verification-section.js';
import { measureCli } from './bench/cli-section.js';
import { measureSealKey } from './bench/seal-key-section.js';

interface Settings {
  quick: boolean;
  pageCounts: number[];
  secondsPerLoop: number;
  bigFilePadBytes: number;
  bigFileRuns: number;
}

const SIGNER_VARIANTS: P12Protection[] = ['openssl-default', 'no-kdf-iterations'];

function settingsFrom(args: string[]): Settings {
  const quick = args.includes('--quick');
  return {
    quick,
    pageCounts: [1, 10, 100, 1000],
    secondsPerLoop: quick ? 0.5 : 3,
    bigFilePadBytes: quick ? 20e6 : 100e6,
    bigFileRuns: quick ? 1 : 3,
  };
}

function describeKey(key: KeyObject): string {
  const details = key.asymmetricKeyDetails;
  return [key.asymmetricKeyType, details?.namedCurve ?? (details?.modulusLength ? `${details.modulusLength} bits` : '')]
    .filter(Boolean)
    .join(' ');
}

/** The baselines for one sample set: the signer variants are checked on that set's first document. */
async function baselinesFor(workDir: string, sample: SampleSet, catalog: Record<string, unknown>): Promise<Baseline[]> {
  const baselines = [sha256Baseline(), pdfLibBaseline()];
  for (const protection of SIGNER_VARIANTS) {
    try {
      baselines.push(await signpdfBaseline(workDir, sample.pool[0], protection));
    } catch (error) {
      const name = signerBaselineName(protection);
      catalog[`${name} on ${sample.pages}-page documents`] = errorOf(error);
      progress(`${name} unavailable on ${sample.pages}-page documents: ${errorOf(error).error}`);
    }
  }
  for (const baseline of baselines)
    catalog[baseline.name] ??= { description: baseline.description, ...(baseline.note ? { note: baseline.note } : {}) };
  return baselines;
}

async function createSamples(settings: Settings): Promise<Map<number, SampleSet>> {
  const samples = new Map<number, SampleSet>();
  for (const pages of settings.pageCounts) {
    const sample = await createSampleSet(pages, { poolBytes: 48e6, maxPool: 4096 });
    samples.set(pages, sample);
    progress(`sample ${pages} pages: ${sample.bytes} bytes, ${sample.pool.length} distinct documents`);
  }
  return samples;
}

async function measureAllLatency(
  sealer: Sealer,
  samples: Map<number, SampleSet>,
  baselines: Map<number, Baseline[]>,
  quick: boolean,
) {
  const reports: LatencyReport[] = [];
  for (const [pages, sample] of samples)
    reports.push(await measureSealLatency({ sealer, sample, baselines: baselines.get(pages) ?? [], quick }));
  return reports;
}

async function measureBigFile(workDir: string, dataDir: string, settings: Settings) {
  progress(`writing the ${settings.bigFilePadBytes / 1e6} MB sample`);
  const big = await writeBigSample(workDir, settings.bigFilePadBytes, 10);
  progress(`big sample: ${big.bytes} bytes`);
  const ours = await guarded('big file seal', () =>
    measureBigSeal({ file: big.path, dataDir, runs: settings.bigFileRuns }),
  );
  const baselines = await measureBigBaselines({ file: big.path, workDir, modes: ['sha256', 'signpdf'] });
  return { fileBytes: big.bytes, ours, baselines };
}

async function main(): Promise<void> {
  const settings = settingsFrom(process.argv.slice(2));
  const startedAt = new Date();
  const started = performance.now();
  const work = createWorkDir();
  try {
    const config = loadConfig({ dataDir: work.dataDir });
    const opening = performance.now();
    const sealer = await openSealer({ config });
    const openContextMs = Math.round(performance.now() - opening);
    progress(`signing context ready in ${openContextMs} ms (data in ${work.dataDir})`);

    const samples = await createSamples(settings);
    const catalog: Record<string, unknown> = {};
    const baselines = new Map<number, Baseline[]>();
    for (const [pages, sample] of samples) baselines.set(pages, await baselinesFor(work.dir, sample, catalog));

    const sealLatency = await measureAllLatency(sealer, samples, baselines, settings.quick);
    const loop = (pages: number, levels: ('B-B' | 'B-T')[]) =>
      guarded(`${pages}-page throughput`, () =>
        compareThroughput({
          sealer,
          sample: samples.get(pages)!,
          levels,
          baselines: baselines.get(pages)!,
          seconds: settings.secondsPerLoop,
        }),
      );
    const batchTenPages = await loop(10, ['B-B', 'B-T']);
    const thousandPagesBT = await loop(1000, ['B-T']);
    const thousandPageLta = sealLatency.find((report) => report.pages === 1000)?.levels['B-LTA'];
    samples.clear();

    const bigFile = await measureBigFile(work.dir, work.dataDir, settings);
    const signerBaselines = SIGNER_VARIANTS.map(signerBaselineName);
    const targets = evaluateTargets({
      tenPages: batchTenPages,
      thousandPages: thousandPagesBT,
      thousandPageLta,
      bigFile: bigFile.ours,
      signerBaselines,
    });

    const archive = await guarded('archive', () => measureArchive({ quick: settings.quick }));
    const portal = await guarded('portal', () => measurePortal({ quick: settings.quick }));
    const signingFlow = await guarded('signing', () => measureSigning({ quick: settings.quick }));
    const verification = await guarded('verification', () => measureVerification({ quick: settings.quick }));
    const cli = await guarded('cli', () => measureCli({ quick: settings.quick }));
    const sealKey = await guarded('seal key', () => measureSealKey({ quick: settings.quick }));
    const report = {
      benchmark: 'segl sealing',
      timestamp: startedAt.toISOString(),
      durationSeconds: Math.round((performance.now() - started) / 1000),
      machine: machineInfo(),
      settings: {
        ...settings,
        timestampSource: config.tsaUrls.length ? config.tsaUrls : 'built-in TSA (in-process)',
        sealKey: describeKey(sealer.pki.seal.privateKey),
        openContextMs,
        inputs:
          'pdf-lib samples (createSamplePdf), classic xref, no object streams; each pool holds ' +
          'distinct documents (the /Title differs), cycled when a loop outlasts it',
      },
      baselines: catalog,
      sealLatency,
      batchThroughput10Pages: batchTenPages,
      thousandPages: {
        throughputBT: thousandPagesBT,
        singleDocumentBLTA: thousandPageLta ?? { error: 'not measured' },
      },
      bigFile,
      targets,
      summary: {
        passed: targets.filter((t) => t.pass).length,
        failed: targets.filter((t) => !t.pass).map((t) => t.name),
      },
      archive,
      portal,
      signing: signingFlow,
      verification,
      cli,
      sealKey,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    progress(`done: ${report.summary.passed}/${targets.length} targets met`);
  } finally {
    work.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
