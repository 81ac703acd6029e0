/**
 * How fast `segl` starts: wall time of `segl --help` and of `segl verify` on a sealed 10-page PDF, each a fresh
 * process as an operator runs it (bin/segl.js, the built bundle), next to a bare `node -e 0` measured in the same
 * loop (the floor no CLI can go below on this machine at this moment). Targets: help < 150 ms, verify < 400 ms.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSamplePdf } from '../lib/sample-pdf.js';
import { progress } from './log.js';
import { round } from './stats.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SEGL = join(ROOT, 'bin', 'segl.js');

interface Timing {
  medianMs: number;
  p90Ms: number;
  minMs: number;
  runs: number;
}

function wallMs(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function stats(values: number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { medianMs: round(at(0.5), 1), p90Ms: round(at(0.9), 1), minMs: round(sorted[0]!, 1), runs: sorted.length };
}

export async function measureCli(options: { quick: boolean }) {
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'segl.js')))
    throw new Error('run `npm run build` first: the CLI bench times the built bundle');
  const work = mkdtempSync(join(tmpdir(), 'segl-bench-cli-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, SEGL_DATA_DIR: join(work, 'data') };
    delete env.SEGL_KEK;
    delete env.DATABASE_URL;
    delete env.SEGL_TSA_URLS;
    writeFileSync(join(work, 'ten.pdf'), await createSamplePdf({ pages: 10, title: 'CLI bench' }));
    wallMs([SEGL, 'seal', join(work, 'ten.pdf'), join(work, 'sealed.pdf')], env);
    const runs = options.quick ? 5 : 25;
    const samples = { node: [] as number[], help: [] as number[], verify: [] as number[] };
    // one warm-up each (file cache), then interleaved so that load on the machine hits all three alike
    wallMs(['-e', '0'], env);
    wallMs([SEGL, '--help'], env);
    wallMs([SEGL, 'verify', join(work, 'sealed.pdf')], env);
    for (let i = 0; i < runs; i += 1) {
      samples.node.push(wallMs(['-e', '0'], env));
      samples.help.push(wallMs([SEGL, '--help'], env));
      samples.verify.push(wallMs([SEGL, 'verify', join(work, 'sealed.pdf')], env));
    }
    const result = {
      nodeStartup: stats(samples.node),
      help: stats(samples.help),
      verify10Pages: stats(samples.verify),
    };
    const targets = [
      {
        name: 'segl --help under 150 ms (median wall time)',
        measured: result.help.medianMs,
        threshold: '< 150 ms',
        pass: result.help.medianMs < 150,
      },
      {
        name: 'segl verify of a sealed 10-page PDF under 400 ms (median wall time)',
        measured: result.verify10Pages.medianMs,
        threshold: '< 400 ms',
        pass: result.verify10Pages.medianMs < 400,
      },
    ];
    progress(
      `cli: node -e 0 ${result.nodeStartup.medianMs} ms, --help ${result.help.medianMs} ms, ` +
        `verify ${result.verify10Pages.medianMs} ms (medians of ${runs})`,
    );
    return {
      ...result,
      overNodeStartupMs: {
        help: round(result.help.medianMs - result.nodeStartup.medianMs, 1),
        verify10Pages: round(result.verify10Pages.medianMs - result.nodeStartup.medianMs, 1),
      },
      targets,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
