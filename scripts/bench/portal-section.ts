import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../server/lib/config.js';
import { openSealer } from '../../server/domain/sealer.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { createSamplePdf } from '../lib/sample-pdf.js';
import { createWorkDir } from './inputs.js';
import { guarded, isError, progress } from './log.js';
import { generateLoad, type LoadReport } from './portal-load.js';
import { round } from './stats.js';
import { logTargets, type SectionTarget } from './section-target.js';

export interface PortalSection {
  setup: {
    documents: number;
    connections: number;
    secondsPerRun: number;
    rounds: number;
    generator: string;
    server: string;
  };
  bareKoa: LoadSummary | { error: string };
  lookupsKnown: LoadSummary | { error: string };
  lookupsUnknown: LoadSummary | { error: string };
  fileValidation: FileValidationReport | { error: string };
  targets: SectionTarget[];
}

/** Means over the rounds, and every round. */
export interface LoadSummary {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  runs: LoadReport[];
}

export interface FileValidationReport {
  fileBytes: number;
  level: string | null;
  status: string;
  inProcessMs: number[];
  inProcessMedianMs: number;
  /** POST /api/v1/verify/file from the first byte sent to the last byte answered (upload over loopback included). */
  overHttpMs: number[];
  overHttpMedianMs: number;
}

const CHILD = fileURLToPath(new URL('./portal-server-child.ts', import.meta.url));
const median = (values: number[]) => round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]);

/** Starts a benchmark server process; resolves with what it prints when ready. */
function startChild(args: string[]): Promise<{ child: ChildProcess; ready: { url: string; codes?: string[] } }> {
  const child = spawn(process.execPath, ['--import=tsx', CHILD, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`bench server ${args[0]} did not start`));
    }, 120_000);
    child.stderr!.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2000)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        clearTimeout(timer);
        try {
          resolve({ child, ready: JSON.parse(line) });
        } catch (error) {
          reject(error);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench server ${args[0]} exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin!.end();
  });
}

/** One multipart POST of `file` to /api/v1/verify/file; answers the time and the report's status. */
function postFile(url: string, file: Uint8Array): Promise<{ ms: number; status: number; body: string }> {
  const boundary = `----segl-bench-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
      `filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const target = new URL('/api/v1/verify/file', url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      target,
      {
        method: 'POST',
        headers: {
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': head.length + file.length + tail.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            ms: performance.now() - started,
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.write(head);
    req.write(file);
    req.end(tail);
  });
}

async function measureFileValidation(options: {
  dataDir: string;
  url: string;
  runs: number;
  padBytes: number;
}): Promise<FileValidationReport> {
  const sealer = await openSealer({ config: loadConfig({ dataDir: options.dataDir, env: { PORT: '0' } }) });
  const pdf = await createSamplePdf({ pages: 10, padBytes: options.padBytes });
  const sealed = (await sealer.sealBytes({ input: pdf, level: 'B-LTA' })).output;
  const trustAnchorsPem = sealer.rootCertificatePem();
  const inProcessMs: number[] = [];
  let report = verifyDocument({ bytes: sealed, trustAnchorsPem });
  for (let i = 0; i < options.runs; i += 1) {
    const started = performance.now();
    report = verifyDocument({ bytes: sealed, trustAnchorsPem });
    inProcessMs.push(round(performance.now() - started));
  }
  const overHttpMs: number[] = [];
  await postFile(options.url, sealed);
  for (let i = 0; i < options.runs; i += 1) {
    const answer = await postFile(options.url, sealed);
    if (answer.status !== 200)
      throw new Error(`POST /api/v1/verify/file answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    if (JSON.parse(answer.body).status !== 'passed')
      throw new Error(`the sealed file did not pass over HTTP: ${answer.body.slice(0, 200)}`);
    overHttpMs.push(round(answer.ms));
  }
  return {
    fileBytes: sealed.length,
    level: report.level,
    status: report.status,
    inProcessMs,
    inProcessMedianMs: median(inProcessMs),
    overHttpMs,
    overHttpMedianMs: median(overHttpMs),
  };
}

/**
 * `npm run bench` section "portal": code lookups per second on GET /api/v1/verify/:code against a bare Koa handler,
 * both in a server process of their own on 127.0.0.1 and driven by the same keep-alive load generator from this
 * process; and the validation time of a 10 MB sealed (B-LTA) PDF, in-process and over HTTP.
 */
export async function measurePortal(options: { quick: boolean }): Promise<PortalSection> {
  const work = createWorkDir();
  const connections = 100;
  const seconds = options.quick ? 1 : 5;
  const documents = options.quick ? 2000 : 20_000;
  const rounds = options.quick ? 1 : 2;
  const children: ChildProcess[] = [];
  try {
    const bareServer = await startChild(['bare']);
    children.push(bareServer.child);
    const applianceServer = await startChild(['appliance', work.dataDir, String(documents)]);
    children.push(applianceServer.child);
    const codes = applianceServer.ready.codes ?? [];
    progress(`portal: servers ready (${documents} documents seeded)`);

    const load = (url: string, path: (i: number) => string) =>
      generateLoad({ url, path, connections, seconds, warmupSeconds: options.quick ? 0.5 : 1 });
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const unknown = Array.from({ length: 1000 }, () => Array.from(randomBytes(16), (b) => alphabet[b & 31]).join(''));
    const kinds = {
      bareKoa: () => load(bareServer.ready.url, () => '/'),
      lookupsKnown: () => load(applianceServer.ready.url, (i) => `/api/v1/verify/${codes[i % codes.length]}`),
      lookupsUnknown: () => load(applianceServer.ready.url, (i) => `/api/v1/verify/${unknown[i % unknown.length]}`),
    };
    // Rounds alternate the three kinds, so that a machine shared with other work weighs on each alike.
    const runs: Record<keyof typeof kinds, LoadReport[]> = { bareKoa: [], lookupsKnown: [], lookupsUnknown: [] };
    const failures: string[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      for (const [kind, measure] of Object.entries(kinds) as [keyof typeof kinds, () => Promise<LoadReport>][]) {
        const result = await guarded(`portal ${kind}`, measure);
        if (isError(result)) failures.push(`${kind}: ${result.error}`);
        else {
          runs[kind].push(result);
          progress(
            `portal round ${round}: ${kind} ${result.requestsPerSecond}/s, ` +
              `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
          );
        }
      }
    }
    const summary = (list: LoadReport[]): LoadSummary | { error: string } =>
      list.length
        ? {
            requestsPerSecond: Math.round(list.reduce((sum, r) => sum + r.requestsPerSecond, 0) / list.length),
            p50Ms: round(list.reduce((sum, r) => sum + r.p50Ms, 0) / list.length),
            p99Ms: round(list.reduce((sum, r) => sum + r.p99Ms, 0) / list.length),
            errors: list.reduce((sum, r) => sum + r.errors, 0),
            runs: list,
          }
        : { error: failures.join('; ') || 'not measured' };
    const bareKoa = summary(runs.bareKoa);
    const lookupsKnown = summary(runs.lookupsKnown);
    const lookupsUnknown = summary(runs.lookupsUnknown);

    const fileValidation = await guarded('portal file validation', () =>
      measureFileValidation({
        dataDir: work.dataDir,
        url: applianceServer.ready.url,
        runs: options.quick ? 3 : 7,
        padBytes: 10e6,
      }),
    );
    if (!isError(fileValidation))
      progress(
        `portal: 10 MB sealed PDF verified in ${fileValidation.inProcessMedianMs} ms (in-process), ` +
          `${fileValidation.overHttpMedianMs} ms over HTTP`,
      );

    const ratio =
      !isError(lookupsKnown) && !isError(bareKoa) && bareKoa.requestsPerSecond > 0
        ? round(lookupsKnown.requestsPerSecond / bareKoa.requestsPerSecond)
        : null;
    const targets: SectionTarget[] = [
      {
        name: 'portal code lookups vs bare Koa (100 connections)',
        target: '>= 0.5',
        measured:
          ratio === null || isError(lookupsKnown) || isError(bareKoa)
            ? 'not measured'
            : `${ratio} (${lookupsKnown.requestsPerSecond} vs ${bareKoa.requestsPerSecond} requests/s, ` +
              `means over ${rounds} alternating rounds)`,
        pass: ratio !== null && ratio >= 0.5 && !isError(lookupsKnown) && lookupsKnown.errors === 0,
      },
      {
        name: 'portal code lookup p99 latency at 100 concurrent clients',
        target: '< 20 ms',
        measured: isError(lookupsKnown)
          ? lookupsKnown.error
          : `${lookupsKnown.p99Ms} ms (p50 ${lookupsKnown.p50Ms} ms); ` +
            `bare Koa p99 ${isError(bareKoa) ? '?' : bareKoa.p99Ms} ms (means over ${rounds} rounds)`,
        pass: !isError(lookupsKnown) && lookupsKnown.p99Ms < 20,
        note:
          "with 100 closed-loop clients the mean latency is 100 / throughput (Little's law): a p99 " +
          'under 20 ms needs well over 5,000 answers a second from the server, with the load ' +
          'generator on the same cores',
      },
      {
        name: 'portal unknown-code lookups cost what known ones cost',
        target: 'p50 within 25%',
        measured:
          isError(lookupsKnown) || isError(lookupsUnknown)
            ? 'not measured'
            : `p50 ${lookupsUnknown.p50Ms} vs ${lookupsKnown.p50Ms} ms, ` +
              `${lookupsUnknown.requestsPerSecond} vs ${lookupsKnown.requestsPerSecond} requests/s`,
        pass:
          !isError(lookupsKnown) &&
          !isError(lookupsUnknown) &&
          Math.abs(lookupsUnknown.p50Ms - lookupsKnown.p50Ms) <= 0.25 * lookupsKnown.p50Ms + 0.2,
        informational: true,
      },
      {
        name: 'portal validation of a 10 MB sealed (B-LTA) PDF',
        target: '< 300 ms',
        measured: isError(fileValidation)
          ? fileValidation.error
          : `${fileValidation.inProcessMedianMs} ms in-process (median); ` +
            `${fileValidation.overHttpMedianMs} ms over HTTP with the upload`,
        pass: !isError(fileValidation) && fileValidation.inProcessMedianMs < 300 && fileValidation.status === 'passed',
      },
    ];
    logTargets(targets);
    return {
      setup: {
        documents,
        connections,
        secondsPerRun: seconds,
        rounds,
        generator: 'node:http keep-alive Agent, one client process on 127.0.0.1 (this one)',
        server:
          'each server in a process of its own; the appliance with SEGL_LOG_LEVEL=silent (as the ' +
          'archive bench) and SEGL_PORTAL_RATE_LIMIT raised',
      },
      bareKoa,
      lookupsKnown,
      lookupsUnknown,
      fileValidation,
      targets,
    };
  } finally {
    for (const child of children) await stopChild(child);
    work.remove();
  }
}
