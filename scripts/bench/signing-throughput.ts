import { createSampleSet } from './inputs.js';
import { progress } from './log.js';
import { round } from './stats.js';
import type { OutboxCodes, Sender, SignAnswer, Signer, SigningServerReady } from './signing-client.js';
import { preparedDocument, timingStats, type TimingStats } from './signing-latency.js';
import { inPool } from '../lib/in-pool.js';

export interface ConcurrentSigningReport {
  concurrentSigners: number;
  pages: number;
  setupSeconds: number;
  /** Every POST /sign, fired at once (one keep-alive connection each). */
  signRequest: TimingStats;
  answeredCompleted: number;
  answeredPending: number;
  /** Failed requests (not 200, or no answer) plus documents that did not reach `completed`. */
  errors: number;
  errorSamples: string[];
  /** From the burst to the last /sign answer. */
  allAnsweredMs: number;
  /** From the burst to each document's `sealedAt` (server clock). */
  completion: TimingStats;
  /** From the burst to the last document sealed. */
  lastCompletedAfterMs: number;
  /** documents / (burst to last sealedAt), per minute. */
  completedPerMinute: number;
  /** Server process CPU time (user + system) from the burst to the last document seen sealed, per document. */
  serverCpuMsPerDocument: number | null;
  /**
   * 60,000 / serverCpuMsPerDocument: completions a minute one fully used core would give, whatever else runs on the
   * machine.
   */
  completedPerMinutePerServerCore: number | null;
}

/**
 * Throughput: `signers` documents of `pages` pages with one e-mail-code signer each, every signer authenticated
 * first (untimed, a few at a time), then all POST /sign at once. Each of them is the last signature of its
 * document, so all documents queue for sealing together.
 */
export async function measureConcurrentSigning(options: {
  server: SigningServerReady;
  sender: Sender;
  outbox: OutboxCodes;
  serverCpuMs: () => number | null;
  signers: number;
  pages: number;
}): Promise<ConcurrentSigningReport> {
  const { server, sender, outbox } = options;
  const sample = await createSampleSet(options.pages, { poolBytes: Number.MAX_SAFE_INTEGER, maxPool: options.signers });
  if (sample.pool.length < options.signers) throw new Error('not enough distinct sample documents');
  const setupStarted = performance.now();
  const prepared = await inPool(sample.pool, 4, (pdf, i) =>
    preparedDocument({ server, sender, outbox, pdf, title: `Bench concurrent ${i}`, signers: 1 }),
  );
  const setupSeconds = round((performance.now() - setupStarted) / 1000, 1);
  progress(
    `signing throughput: ${prepared.length} documents sent and their signers authenticated in ${setupSeconds} s`,
  );
  // let the invitation mails (job queue) drain before the burst
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const cpuBefore = options.serverCpuMs();
  const burstAt = Date.now();
  const burstStarted = performance.now();
  const answers: SignAnswer[] = await Promise.all(prepared.map((doc) => (doc.signers[0] as Signer).sign()));
  const allAnsweredMs = round(performance.now() - burstStarted, 1);
  const errorSamples: string[] = [];
  let errors = 0;
  for (const answer of answers) {
    if (answer.error) {
      errors += 1;
      if (errorSamples.length < 5) errorSamples.push(`${answer.httpStatus}: ${answer.error}`);
    }
  }
  progress(`signing throughput: ${answers.length} /sign answered within ${allAnsweredMs} ms, ${errors} errors`);
  const sealedAfter: number[] = [];
  for (const doc of prepared) {
    try {
      const state = await sender.waitUntilSealed(doc.id, { timeoutMs: 300_000, everyMs: 250 });
      if (state.status !== 'completed' || !state.sealedAt) throw new Error(`document ended ${state.status}`);
      sealedAfter.push(Date.parse(state.sealedAt) - burstAt);
    } catch (error) {
      errors += 1;
      if (errorSamples.length < 5) errorSamples.push(error instanceof Error ? error.message : String(error));
    }
  }
  const cpuAfter = options.serverCpuMs();
  const cpuPerDocument =
    cpuBefore !== null && cpuAfter !== null && sealedAfter.length ? (cpuAfter - cpuBefore) / sealedAfter.length : null;
  const lastCompletedAfterMs = sealedAfter.length ? Math.max(...sealedAfter) : Number.NaN;
  const report: ConcurrentSigningReport = {
    concurrentSigners: options.signers,
    pages: options.pages,
    setupSeconds,
    signRequest: timingStats(answers.map((a) => a.ms)),
    answeredCompleted: answers.filter((a) => a.documentStatus === 'completed').length,
    answeredPending: answers.filter((a) => a.documentStatus === 'pending').length,
    errors,
    errorSamples,
    allAnsweredMs,
    completion: timingStats(sealedAfter.length ? sealedAfter : [Number.NaN]),
    lastCompletedAfterMs,
    completedPerMinute: round((sealedAfter.length / lastCompletedAfterMs) * 60_000, 1),
    serverCpuMsPerDocument: cpuPerDocument === null ? null : round(cpuPerDocument, 1),
    completedPerMinutePerServerCore: cpuPerDocument ? round(60_000 / cpuPerDocument, 1) : null,
  };
  progress(
    `signing throughput: ${sealedAfter.length} documents completed, ` +
      `the last ${lastCompletedAfterMs} ms after the burst: ${report.completedPerMinute} per minute`,
  );
  return report;
}
