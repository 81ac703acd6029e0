import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, type ProcessResult } from './external-tool.js';

export { runToolAsync } from './external-tool.js';

/** The checkout root: the CLI runs from source with tsx, which resolves from here. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export type CliResult = ProcessResult;

/** At most this many CLI processes at once (each one loads tsx and the PKI; dozens at once only thrash). */
const MAX_RUNNING = Math.max(2, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

/** Waits for a free slot; the returned function hands it to the next waiter (or frees it). */
async function slot(): Promise<() => void> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  return () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
}

/**
 * Runs `segl ARGS...` from source (`node --import tsx scripts/segl.ts`) in a child process, with a time limit.
 * Asynchronous, so that tests can run several at once (e.g. two first starts on one data directory).
 */
export async function runSegl(
  args: string[],
  options: {
    timeoutMs?: number;
    env?: Record<string, string | undefined> /** skip the queue (to start processes truly at once) */;
    unqueued?: boolean;
  } = {},
): Promise<CliResult> {
  const release = options.unqueued ? () => undefined : await slot();
  try {
    return await spawnSegl(args, options);
  } finally {
    release();
  }
}

function spawnSegl(
  args: string[],
  options: { timeoutMs?: number; env?: Record<string, string | undefined> },
): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  // The caller chooses the data directory with --data; none of the developer's settings may leak in.
  for (const name of ['SEGL_DATA_DIR', 'SEGL_KEK', 'SEGL_TSA_URLS', 'SEGL_PUBLIC_URL', 'SEGL_DEBUG']) {
    if (!options.env || !(name in options.env)) delete env[name];
  }
  return runProcess(process.execPath, ['--import', 'tsx', 'scripts/segl.ts', ...args], {
    cwd: REPO_ROOT,
    env,
    timeoutMs: options.timeoutMs ?? 120_000,
  });
}

/** True when the text contains a JavaScript stack frame ("    at fn (file:line:col)"). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at\s+\S/m.test(text) || /node:internal/.test(text);
}
