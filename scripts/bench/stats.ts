/** Small timing helpers: medians and p90 over repeated runs, and fixed-duration throughput loops. */

export interface LatencyStats {
  medianMs: number;
  p90Ms: number;
  minMs: number;
  runs: number;
}

export interface ThroughputStats {
  documents: number;
  distinctDocuments: number;
  seconds: number;
  documentsPerSecond: number;
  megabytesPerSecond: number;
}

/** One unit of work on one document; may be synchronous (hashing) or asynchronous (sealing). */
export type Operation = (input: Uint8Array) => unknown;

export interface LatencyPlan {
  warmup: number;
  minRuns: number;
  maxRuns: number;
  /** Stop after this much measured time once minRuns are done. */
  budgetMs: number;
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** Runs one operation, synchronous (hashing) or asynchronous (sealing). */
async function runOnce(operation: Operation, input: Uint8Array): Promise<void> {
  const result = operation(input);
  if (result instanceof Promise) await result;
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.min(rank, sorted.length - 1)];
}

export function summarize(samples: number[]): LatencyStats {
  return {
    medianMs: round(percentile(samples, 50), 3),
    p90Ms: round(percentile(samples, 90), 3),
    minMs: round(Math.min(...samples), 3),
    runs: samples.length,
  };
}

async function warmUp(pool: Uint8Array[], operation: Operation, runs: number): Promise<void> {
  for (let i = 0; i < runs; i += 1) await runOnce(operation, pool[i % pool.length]);
}

/** Times `operation` over the pool (cycling through it), after warm-up runs that are not counted. */
export async function measureLatency(
  pool: Uint8Array[],
  operation: Operation,
  plan: LatencyPlan,
): Promise<LatencyStats> {
  await warmUp(pool, operation, plan.warmup);
  const samples: number[] = [];
  const started = performance.now();
  const more = () =>
    samples.length < plan.maxRuns && (samples.length < plan.minRuns || performance.now() - started < plan.budgetMs);
  while (more()) {
    const input = pool[(plan.warmup + samples.length) % pool.length];
    const t0 = performance.now();
    await runOnce(operation, input);
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

/**
 * Runs `operation` sequentially over the pool (cycling when the loop outlasts it) for about `seconds`,
 * and at least `minDocuments` times, after a short warm-up.
 */
export async function measureThroughput(
  pool: Uint8Array[],
  operation: Operation,
  options: { seconds: number; minDocuments?: number; warmup?: number },
): Promise<ThroughputStats> {
  await warmUp(pool, operation, options.warmup ?? Math.min(3, pool.length));
  const minDocuments = options.minDocuments ?? 3;
  const limitMs = options.seconds * 1000;
  let documents = 0;
  let bytes = 0;
  let elapsed = 0;
  const started = performance.now();
  while (documents < minDocuments || elapsed < limitMs) {
    const input = pool[documents % pool.length];
    await runOnce(operation, input);
    documents += 1;
    bytes += input.length;
    elapsed = performance.now() - started;
  }
  const seconds = elapsed / 1000;
  return {
    documents,
    distinctDocuments: Math.min(documents, pool.length),
    seconds: round(seconds, 3),
    documentsPerSecond: round(documents / seconds, 1),
    megabytesPerSecond: round(bytes / 1e6 / seconds, 1),
  };
}
