import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { recordJobRun } from './job-metrics.js';
import type { ClaimedJob, JobKicker, JobKind, JobQueue } from '../domain/jobs/job-queue.js';

export interface JobHandler {
  perform(job: ClaimedJob, context: { now: Date }): Promise<void>;
  /** Attempts before the job is given up (Infinity: retried with backoff for as long as it takes). */
  maxAttempts: number;
  /** Errors no retry can mend (a broken input rather than an outage): the job is given up at once. */
  isPermanent?(error: unknown): boolean;
  /** Called once when the job is given up, to record and report it. */
  onGiveUp?(job: ClaimedJob, error: unknown): Promise<void>;
  /** The outside service an error says the job waits for (`timestamp-authority`), if it is such an outage. */
  waitingFor?(error: unknown): string | undefined;
  /** The longest backoff between attempts (default 15 minutes): work that waits for an outage to end keeps looking. */
  maxBackoffMs?: number;
}

export interface JobRunner extends JobKicker {
  /** Runs due jobs until none is left (tests call this directly); returns how many ran. */
  perform(options: { now?: Date; limit?: number }): Promise<number>;
  start(): void;
  stop(): Promise<void>;
  settled(jobId: string, timeoutMs: number): Promise<boolean>;
  /** Jobs waiting for `waitingFor` run now (at most once every few seconds; the rest is a no-op). */
  wakeWaiting(waitingFor: string): void;
  /** Who this runner is in `jobs.locked_by`: `<nodeId>:<process>`. */
  readonly owner: string;
}

/** A job's lease: how long after its last heartbeat another node may take it over. */
export const DEFAULT_JOB_LEASE_MS = 15_000;
/** Wakes of waiting jobs closer together than this are folded into one. */
const WAKE_INTERVAL_MS = 2_000;

/**
 * The default node identity: the host name and, for a server, the port it listens on (two processes on one host
 * cannot share a port, so they never take each other's jobs for their own), cut to what `locked_by` holds.
 */
export function defaultNodeId(port?: number): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .slice(0, 33) || 'node';
  return port === undefined ? host : `${host}-${port}`;
}

/**
 * Works off the durable job queue: polls every `pollMs`, or at once when kicked. Jobs are leased for `leaseMs` and
 * the lease is renewed by a heartbeat while the work runs, so a worker that dies (kill -9 mid-sealing) leaves its
 * job to another node within seconds of its last heartbeat. On start-up the runner takes back what its node held
 * before it restarted (on SQLite, every running job: one file has one appliance), and wakes the jobs that wait for
 * an outage to end, so that a restart starts their backoff afresh.
 */
export function createJobRunner(options: {
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  handlers: Partial<Record<JobKind, JobHandler>>;
  pollMs?: number;
  concurrency?: number;
  leaseMs?: number;
  /** How often a running job's lease is renewed (default a third of the lease). */
  heartbeatMs?: number;
  /** This node's stable identity across restarts (`SEGL_NODE_ID`; default the host name). */
  nodeId?: string;
}): JobRunner {
  const { queue, clock, logger, handlers } = options;
  const nodeId = options.nodeId ?? defaultNodeId();
  const owner = `${nodeId}:${process.pid}-${randomUUID().slice(0, 8)}`;
  const pollMs = options.pollMs ?? 1000;
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? DEFAULT_JOB_LEASE_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.max(100, Math.floor(leaseMs / 3));
  const lastWake = new Map<string, number>();
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
      let timer: NodeJS.Timeout | undefined;
      const done = (settledNow: boolean) => {
        clearTimeout(timer);
        listeners.delete(done);
        if (!listeners.size && waiters.get(jobId) === listeners) waiters.delete(jobId);
        resolve(settledNow);
      };
      timer = setTimeout(() => done(false), timeoutMs);
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

  /** Renews the job's lease every `heartbeatMs` until stopped; says so once if another node took the job over. */
  function startHeartbeat(job: ClaimedJob, log: Logger): () => void {
    let renewing = false;
    let lost = false;
    let ended = false;
    const timer = setInterval(() => {
      if (renewing || lost) return;
      renewing = true;
      queue
        .renewLease({ jobId: job.id, owner, now: clock.now(), leaseMs })
        .then((held) => {
          // a renewal that meets the job's own completion finds it no longer running: that is no takeover
          if (held || ended) return;
          lost = true;
          log.warn('another node took the job over (this one missed its heartbeats); its result will not count');
        })
        .catch((error: unknown) => log.warn({ err: error }, 'could not renew the job lease'))
        .finally(() => {
          renewing = false;
        });
    }, heartbeatMs);
    timer.unref();
    return () => {
      ended = true;
      clearInterval(timer);
    };
  }

  async function runHandler(job: ClaimedJob): Promise<void> {
    const handler = handlers[job.kind]!;
    const log = logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    const started = Date.now();
    const stopHeartbeat = startHeartbeat(job, log);
    try {
      await handler.perform(job, { now: clock.now() });
      stopHeartbeat();
      const recorded = await queue.complete({ jobId: job.id, now: clock.now(), owner });
      recordJobRun({ kind: job.kind, outcome: 'done', seconds: (Date.now() - started) / 1000 });
      if (recorded) log.info({ ms: Date.now() - started }, 'job done');
      else log.warn({ ms: Date.now() - started }, 'job done, but another node had taken it over; its record stands');
    } catch (error) {
      stopHeartbeat();
      const message =
        error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
      const maxAttempts = handler.isPermanent?.(error) ? job.attempts : handler.maxAttempts;
      const waitingFor = handler.waitingFor?.(error);
      const { maxBackoffMs } = handler;
      const attempt = { attempts: job.attempts, error: message, maxAttempts, owner, waitingFor, maxBackoffMs };
      const outcome = await queue.fail({ jobId: job.id, now: clock.now(), ...attempt }).catch((failure: unknown) => {
        log.error({ err: failure }, 'could not record a job failure; the lease will expire and the job run again');
        return 'retry' as const;
      });
      if (outcome !== 'lost') recordJobRun({ kind: job.kind, outcome, seconds: (Date.now() - started) / 1000 });
      if (outcome === 'lost') {
        log.warn({ err: error }, 'job failed after another node had taken it over; its record stands');
        return;
      }
      if (outcome === 'failed') {
        const report = (failure: unknown) => log.error({ err: failure }, 'could not report a job given up');
        await handler.onGiveUp?.(job, error).catch(report);
        log.error({ err: error }, 'job failed for good');
      } else log.warn({ err: error, waitingFor }, 'job failed; will retry');
    } finally {
      stopHeartbeat();
    }
  }

  function wakeWaiting(waitingFor: string): void {
    // a rate limit on this process's queries: real time, not the (injectable, possibly frozen) domain clock
    const at = performance.now();
    const last = lastWake.get(waitingFor);
    if (last !== undefined && at - last < WAKE_INTERVAL_MS) return;
    lastWake.set(waitingFor, at);
    void queue
      .wakeWaiting({ waitingFor, now: clock.now() })
      .then((woken) => {
        if (!woken) return;
        logger.info({ waitingFor, woken }, 'waiting jobs run now: the service answers again');
        loop();
      })
      .catch((error: unknown) => logger.warn({ err: error, waitingFor }, 'could not wake waiting jobs'));
  }

  /** Start-up: what this node held before it restarted is taken back, and waiting work starts its backoff afresh. */
  async function recover(): Promise<void> {
    const now = clock.now();
    const reclaimed = await queue.reclaimAfterRestart({ nodeId, now });
    const woken = await queue.wakeWaiting({ now });
    if (reclaimed || woken) logger.info({ nodeId, reclaimed, woken }, 'jobs taken back after a restart');
  }

  async function perform(run: { now?: Date; limit?: number }): Promise<number> {
    let done = 0;
    const limit = run.limit ?? Number.POSITIVE_INFINITY;
    while (done < limit) {
      const now = run.now ?? clock.now();
      const jobs = await queue.claimDue({ now, limit: Math.min(concurrency, limit - done), owner, leaseMs, kinds });
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
    wakeWaiting,
    owner,
    start() {
      if (!stopped) return;
      stopped = false;
      void recover()
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
