import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { TrustedList } from '../crypto/trusted-list.js';
import { SeglError } from '../lib/errors.js';
import type { VerificationLimits } from './verification-limits.js';
import type { VerificationReport } from './verification-report.js';
import type { VerifyJob, VerifyWorkerError } from './verify-worker.js';

export interface VerificationPoolOptions {
  /** Worker threads (each verifies one file at a time). */
  workers: number;
  /** Wall-clock limit per file; a worker that overruns it is stopped and the file answered as indeterminate. */
  timeoutMs: number;
  /** Files that may wait for a worker; more are refused with 503 `verification_busy`. */
  maxQueue: number;
  /** Heap per worker, so that no file can exhaust the process. */
  maxHeapMb?: number;
  limits?: Partial<VerificationLimits>;
  /** Another worker script (tests use one that never answers, to prove the time limit holds). */
  workerScript?: URL;
}

interface Pending {
  job: Omit<VerifyJob, 'id'>;
  fileSize: number;
  sha256: string;
  resolve: (report: VerificationReport) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  busy?: { id: number; pending: Pending; timer: NodeJS.Timeout };
}

/**
 * Starts a worker running verify-worker: from the esbuild bundle (dist/bundle/verify-worker.js, which the bundle's
 * rewritten import.meta.url reaches as ../../bundle/), from the tsc build beside this module, or, when running from
 * source under tsx, through tsx's loader (a worker does not inherit the main thread's module hooks).
 */
function startVerifyWorker(options: WorkerOptions, script?: URL): Worker {
  if (script) return new Worker(script, options);
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const loader = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const source = JSON.stringify(new URL('./verify-worker.ts', here).href);
    return new Worker(`import(${loader}).then((tsx) => { tsx.register(); return import(${source}); })`, {
      ...options,
      eval: true,
    });
  }
  const bundled = new URL('../../bundle/verify-worker.js', here);
  return new Worker(existsSync(fileURLToPath(bundled)) ? bundled : new URL('./verify-worker.js', here), options);
}

/**
 * Verifies untrusted PDFs in worker threads, off the event loop: a hostile file costs one worker at most
 * `timeoutMs` and `maxHeapMb`, and the appliance keeps answering meanwhile. Reports are the same as verifyPdf's.
 */
export class VerificationPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: VerificationPoolOptions) {}

  async verify(options: {
    bytes: Uint8Array;
    trustAnchors: Uint8Array[];
    trustLists?: TrustedList[];
    now?: Date;
  }): Promise<VerificationReport> {
    this.refuseWhenFull();
    // A copy the worker owns: transferring it costs nothing more and leaves the caller's buffer alone.
    const bytes = new Uint8Array(options.bytes.byteLength);
    bytes.set(options.bytes);
    // Hashed on the thread pool (not the event loop), for the answer when the worker gives up on the file.
    const sha256 = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
    // asked again after the await, in the same turn as the push: parallel calls cannot both take the last place
    this.refuseWhenFull();
    const limits = { ...this.options.limits, timeBudgetMs: Math.max(100, this.options.timeoutMs - 250) };
    return new Promise((resolve, reject) => {
      const job = {
        bytes: bytes.buffer,
        trustAnchors: options.trustAnchors,
        trustLists: options.trustLists,
        limits,
        now: options.now?.toISOString(),
      };
      this.queue.push({ job, fileSize: bytes.length, sha256, resolve, reject });
      this.dispatch();
    });
  }

  /** Refuses a file when closing, or when no worker is free (or can start) and `maxQueue` files wait already. */
  private refuseWhenFull(): void {
    if (this.closed) {
      throw new SeglError({ code: 'verification_unavailable', message: 'the verifier is shutting down' });
    }
    // files wait only while every worker is busy (dispatch runs as a file is pushed)
    const workerFree = this.slots.some((slot) => !slot.busy) || this.slots.length < this.options.workers;
    if (!workerFree && this.queue.length >= this.options.maxQueue) {
      throw new SeglError({
        code: 'verification_busy',
        message: 'too many files are being checked; try again in a minute',
      });
    }
  }

  /** Files accepted and waiting for a free worker. */
  get waiting(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const closing = () => new SeglError({ code: 'verification_unavailable', message: 'the verifier is shutting down' });
    for (const pending of this.queue.splice(0)) pending.reject(closing());
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((candidate) => !candidate.busy);
      if (!slot && this.slots.length < this.options.workers) slot = this.startWorker();
      if (!slot) return;
      const pending = this.queue.shift()!;
      const id = this.nextId++;
      const timer = setTimeout(() => this.timeOut(slot!), this.options.timeoutMs);
      slot.busy = { id, pending, timer };
      slot.worker.ref(); // a job in flight keeps the process alive (a CLI waits for its answer)
      slot.worker.postMessage({ id, ...pending.job }, [pending.job.bytes]);
    }
  }

  private startWorker(): Slot {
    const worker = startVerifyWorker(
      { resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 2048 } },
      this.options.workerScript,
    );
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (message: { id: number; report?: VerificationReport; error?: VerifyWorkerError }) => {
      const busy = slot.busy;
      if (!busy || busy.id !== message.id) return;
      clearTimeout(busy.timer);
      slot.busy = undefined;
      slot.worker.unref();
      if (message.report) busy.pending.resolve(message.report);
      else busy.pending.reject(new SeglError({ code: message.error!.code, message: message.error!.message }));
      this.dispatch();
    });
    worker.on('error', (error: NodeJS.ErrnoException) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.lose(slot, `the check failed: ${outOfMemory ? 'it needs too much memory' : 'the verifier stopped'}`);
    });
    worker.on('exit', () => this.lose(slot, 'the verifier stopped'));
    this.slots.push(slot);
    return slot;
  }

  private timeOut(slot: Slot): void {
    this.lose(slot, `it takes longer than ${this.options.timeoutMs} ms`);
    void slot.worker.terminate();
  }

  /** A worker that died or overran: its file is answered as indeterminate, and a fresh worker takes its place. */
  private lose(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    const busy = slot.busy;
    slot.busy = undefined;
    if (busy) {
      clearTimeout(busy.timer);
      busy.pending.resolve(limitReport(busy.pending, reason));
    }
    if (!this.closed) this.dispatch();
  }
}

function limitReport(pending: Pending, reason: string): VerificationReport {
  return {
    status: 'indeterminate',
    valid: false,
    evidence: 'unsigned',
    level: null,
    fileSize: pending.fileSize,
    sha256: pending.sha256,
    revisions: 0,
    signatures: [],
    problems: [{ code: 'verification_limit', message: `the file was not verified: ${reason}` }],
    trustAnchors: [],
    checkedAt: new Date().toISOString(),
  };
}
