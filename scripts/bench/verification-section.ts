import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../server/lib/config.js';
import { openSealer } from '../../server/domain/sealer.js';
import { createSamplePdf } from '../lib/sample-pdf.js';
import { fuzzVerification, type FuzzSummary } from '../lib/pdf-fuzz.js';
import { longObjectChain, manyFieldsNamingOneSignature } from '../lib/hostile-pdfs.js';
import { createWorkDir } from './inputs.js';
import { guarded, progress } from './log.js';
import { percentile, round } from './stats.js';
import { uploadForVerification } from './verify-upload.js';

type Target = { name: string; target: string; measured: string; pass: boolean };

export interface VerificationSection {
  fuzz: FuzzSummary | { error: string };
  responsiveness: ResponsivenessReport | { error: string };
  manyFields: { fileBytes: number; answerMs: number[]; medianMs: number; status: string } | { error: string };
  targets: Target[];
}

interface Probe {
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

interface ResponsivenessReport {
  seconds: number;
  hostileClients: number;
  quiet: { healthz: Probe; lookup: Probe };
  underAttack: { healthz: Probe; lookup: Probe; hostileAnswers: Record<string, number>; hostileMedianMs: number };
}

const CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));

async function startServer(dataDir: string): Promise<{ url: string; codes: string[]; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./portal-server-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import=tsx', script, 'appliance', dataDir, '1000'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end >= 0) resolve(buffer.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
  });
  return { ...(JSON.parse(line) as { url: string; codes: string[] }), child };
}

async function timed(run: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await run();
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

/** Probes /healthz and a code lookup in turn for `seconds`, one request at a time. */
async function probe(url: string, codes: string[], seconds: number): Promise<{ healthz: Probe; lookup: Probe }> {
  const health: number[] = [];
  const lookup: number[] = [];
  const until = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < until; i += 1) {
    health.push((await timed(() => fetch(`${url}/healthz`))).ms);
    lookup.push((await timed(() => fetch(`${url}/api/v1/verify/${codes[i % codes.length]}`))).ms);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const summary = (samples: number[]): Probe => ({
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
    samples: samples.length,
  });
  return { healthz: summary(health), lookup: summary(lookup) };
}

/** Lines a child process prints, one at a time. */
function linesOf(child: ChildProcess): () => Promise<string> {
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return async () => {
    const next = await lines.next();
    if (next.done) throw new Error('the hostile-upload process ended without answering');
    return next.value;
  };
}

/**
 * Ten clients upload hostile files from a process of their own while this one probes; the files go by path. Answers
 * the hostile uploads' statuses and median time once the probe is done.
 */
async function underHostileUploads<T>(
  options: { url: string; clients: number; files: Buffer[]; workDir: string },
  probeMeanwhile: () => Promise<T>,
): Promise<{ probed: T; answers: Record<string, number>; medianMs: number }> {
  const paths = options.files.map((bytes, i) => {
    const path = join(options.workDir, `hostile-${i}.pdf`);
    writeFileSync(path, bytes);
    return path;
  });
  const script = fileURLToPath(new URL('./hostile-uploads-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import=tsx', script, options.url, String(options.clients), ...paths], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const nextLine = linesOf(child);
    if ((await nextLine()) !== 'ready') throw new Error('the hostile-upload process did not start');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const probed = await probeMeanwhile();
    child.stdin!.end();
    const { answers, medianMs } = JSON.parse(await nextLine()) as { answers: Record<string, number>; medianMs: number };
    return { probed, answers, medianMs };
  } finally {
    child.kill();
  }
}

/**
 * What untrusted verification costs: a seeded fuzz run over the corpus and sealed files (no crash, no hang, no
 * forgery), how quickly /healthz and a code lookup answer while ten clients upload hostile files (target p99 under
 * 100 ms), and how fast the 3,000-field file is answered (target under 2 s).
 */
export async function measureVerification(options: { quick: boolean }): Promise<VerificationSection> {
  const work = createWorkDir();
  try {
    const sealer = await openSealer({ config: loadConfig({ dataDir: work.dataDir }) });
    const sealed = (
      await sealer.sealBytes({
        input: await createSamplePdf({ pages: 10, title: 'Bench verification' }),
        level: 'B-LTA',
      })
    ).output;
    const manyFields = manyFieldsNamingOneSignature(sealed);
    const chain = longObjectChain(sealed, options.quick ? 50_000 : 200_000);

    const fuzz = await guarded('verification fuzz', async () => {
      const inputs = [{ name: 'sealed-10-pages', bytes: sealed, sealed: true }];
      if (existsSync(CORPUS)) {
        for (const name of readdirSync(CORPUS).filter((file) => file.endsWith('.pdf'))) {
          const bytes = readFileSync(join(CORPUS, name));
          if (bytes.length < 500_000) inputs.push({ name, bytes, sealed: false });
        }
      }
      const cases = options.quick ? 500 : 10_000;
      progress(`fuzzing the verifier: ${cases} cases`);
      return fuzzVerification({
        inputs,
        cases,
        seed: 20261207,
        trustAnchorsPem: sealer.rootCertificatePem(),
        onProgress: (done) => done % 2000 === 0 && progress(`  ${done} cases`),
      });
    });

    const server = await startServer(join(work.dir, 'server-data'));
    try {
      const manyFieldsAnswer = await guarded('3,000-field file', async () => {
        const answerMs: number[] = [];
        let status = '';
        for (let i = 0; i < 5; i += 1) {
          const started = performance.now();
          const response = await uploadForVerification(server.url, manyFields);
          const body = (await response.json()) as { status?: string; error?: string };
          answerMs.push(round(performance.now() - started));
          status = body.status ?? body.error ?? String(response.status);
        }
        const sorted = [...answerMs].sort((a, b) => a - b);
        return { fileBytes: manyFields.length, answerMs, medianMs: sorted[2], status };
      });
      const responsiveness = await guarded('responsiveness under hostile uploads', async () => {
        const seconds = options.quick ? 3 : 10;
        progress('probing /healthz and lookups, quiet');
        const quiet = await probe(server.url, server.codes, seconds);
        progress('probing /healthz and lookups while ten clients upload hostile files');
        const attack = await underHostileUploads(
          { url: server.url, clients: 10, files: [manyFields, chain, sealed], workDir: work.dir },
          () => probe(server.url, server.codes, seconds),
        );
        return {
          seconds,
          hostileClients: 10,
          quiet,
          underAttack: { ...attack.probed, hostileAnswers: attack.answers, hostileMedianMs: attack.medianMs },
        };
      });
      const targets: Target[] = [];
      if (!('error' in responsiveness)) {
        const worst = Math.max(responsiveness.underAttack.healthz.p99Ms, responsiveness.underAttack.lookup.p99Ms);
        targets.push({
          name: 'healthz and lookup p99 while ten hostile verifications run',
          target: '< 100 ms',
          measured: `${worst} ms`,
          pass: worst < 100,
        });
      }
      if (!('error' in manyFieldsAnswer)) {
        targets.push({
          name: '3,000-field file answered',
          target: '< 2000 ms',
          measured: `${manyFieldsAnswer.medianMs} ms (median of 5)`,
          pass: manyFieldsAnswer.medianMs < 2000,
        });
      }
      if (!('error' in fuzz)) {
        const clean = fuzz.crashes.length === 0 && fuzz.forgeries.length === 0;
        targets.push({
          name: `fuzzing: ${fuzz.cases} cases, no crash, no forgery`,
          target: '0 crashes, 0 forgeries',
          measured: `${fuzz.crashes.length} crashes, ${fuzz.forgeries.length} forgeries`,
          pass: clean,
        });
      }
      return { fuzz, responsiveness, manyFields: manyFieldsAnswer, targets };
    } finally {
      server.child.stdin!.end();
      server.child.kill();
    }
  } finally {
    work.remove();
  }
}
