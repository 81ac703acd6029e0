import { randomUUID } from 'node:crypto';
import type { Database } from '../domain/database.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { recordJobRun } from './job-metrics.js';
import { claimDueJobs, completeJob, failJob, type ClaimedJob, type JobKind, type JobKicker } from '../domain/jobs/job-queue.js';

export interface JobHandler {
  perform(job: ClaimedJob, context: { now: Date }): Promise<void>;
  /** Attempts before the job is given up (Infinity: retried with backoff for as long as it takes). */
  maxAttempts: number;
  /** Errors no retry can mend (a broken input rather than an outage): the job is given up at once. */
  isPermanent?(error: unknown): boolean;
  /** Called once when the job is given up, to record and report it. */
  onGiveUp?(job: ClaimedJob, error: unknown): Promise<void>;
}

export interface JobRunner extends JobKicker {
  /** Runs due jobs until none is left (tests call this directly); returns how many ran. */
  perform(options: { now?: Date; limit?: number }): Promise<number>;
  start(): void;
  stop(): Promise<void>;
  settled(jobId: string, timeoutMs: number): Promise<boolean>;
}

/**
 * Works off the durable job queue: polls every `pollMs`, or at once when kicked. Jobs are leased, so a worker
 * that dies (kill -9 mid-sealing) leaves its job to be taken again when the lease runs out; on start-up the
 * runner also takes back jobs this appliance held before it restarted (same data, new process).
 */
export function createJobRunner(options: {
  db: Database;
  clock: Clock;
  logger: Logger;
  handlers: Partial<Record<JobKind, JobHandler>>;
  pollMs?: number;
  concurrency?: number;
  leaseMs?: number;
}): JobRunner {
  const { db, clock, logger, handlers } = options;
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const pollMs = options.pollMs ?? 1000;
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const kinds = Object.keys(handlers) as JobKind[];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;
  const waiters = new Map<string, Set<(settledNow: boolean) => void>>();
  // jobs finished in the last seconds: a wait that starts just after the job ended returns at once
  const recentlySettled = new Set<string>();

  function settle(jobId: string): void {
    recentlySettled.add(jobId);
    setTimeout(() => recentlySettled.delete(jobId), 10_000).unref();
    const listeners = waiters.get(jobId);
    waiters.delete(jobId);
    for (const listener of listeners ?? []) listener(true);
  }

  function settled(jobId: string, timeoutMs: number): Promise<boolean> {
    if (recentlySettled.has(jobId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const listeners = waiters.get(jobId) ?? new Set<(settledNow: boolean) => void>();
      waiters.set(jobId, listeners);
      const done = (settledNow: boolean) => {
        clearTimeout(timer);
        listeners.delete(done);
        if (!listeners.size && waiters.get(jobId) === listeners) waiters.delete(jobId);
        resolve(settledNow);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      listeners.add(done);
    });
  }

  async function runOne(job: ClaimedJob): Promise<void> {
    try {
      await runHandler(job);
    } finally {
      settle(job.id);
    }
  }

  async function runHandler(job: ClaimedJob): Promise<void> {
    const handler = handlers[job.kind]!;
    const log = logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    const started = Date.now();
    try {
      await handler.perform(job, { now: clock.now() });
      await completeJob({ db, jobId: job.id, now: clock.now() });
      recordJobRun({ kind: job.kind, outcome: 'done', seconds: (Date.now() - started) / 1000 });
      log.info({ ms: Date.now() - started }, 'job done');
    } catch (error) {
      const message = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
      const maxAttempts = handler.isPermanent?.(error) ? job.attempts : handler.maxAttempts;
      const outcome = await failJob({ db, jobId: job.id, now: clock.now(), attempts: job.attempts, error: message, maxAttempts }).catch((failure: unknown) => {
        log.error({ err: failure }, 'could not record a job failure; the lease will expire and the job run again');
        return 'retry' as const;
      });
      recordJobRun({ kind: job.kind, outcome, seconds: (Date.now() - started) / 1000 });
      if (outcome === 'failed') await handler.onGiveUp?.(job, error).catch((failure: unknown) => log.error({ err: failure }, 'could not report a job given up'));
      log[outcome === 'failed' ? 'error' : 'warn']({ err: error }, outcome === 'failed' ? 'job failed for good' : 'job failed; will retry');
    }
  }

  async function perform(run: { now?: Date; limit?: number }): Promise<number> {
    let done = 0;
    const limit = run.limit ?? Number.POSITIVE_INFINITY;
    while (done < limit) {
      const now = run.now ?? clock.now();
      const jobs = await claimDueJobs({ db, now, limit: Math.min(concurrency, limit - done), owner, leaseMs, kinds });
      if (!jobs.length) break;
      await Promise.all(jobs.map((job) => runOne(job)));
      done += jobs.length;
    }
    return done;
  }

  function loop(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = perform({})
      .catch((error: unknown) => logger.error({ err: error }, 'job runner pass failed'))
      .then(() => {
        running = undefined;
        if (stopped) return;
        if (again) {
          again = false;
          setImmediate(loop);
        } else timer = setTimeout(loop, pollMs);
      });
  }

  return {
    perform,
    kick: () => loop(),
    settled,
    start() {
      if (!stopped) return;
      stopped = false;
      // One SQLite file has one appliance: jobs it held when it stopped are its own, take them back now.
      const takeBack = db.dialect === 'sqlite' ? db.models.Job.update({ lockedUntil: new Date(0) }, { where: { status: 'running' } }) : Promise.resolve();
      void takeBack
        .catch((error: unknown) => logger.warn({ err: error }, 'could not take back interrupted jobs'))
        .then(() => loop());
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
