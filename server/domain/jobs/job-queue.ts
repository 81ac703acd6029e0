import { randomUUID } from 'node:crypto';
import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { bindContext } from '../bind-context.js';

/** `jobs.waiting_for` of work that waits for an RFC 3161 timestamp authority to answer. */
export const WAITING_FOR_TIMESTAMP_AUTHORITY = 'timestamp-authority';

/** Kinds of durable work; each has a handler in server/jobs. */
export type JobKind = 'seal-document' | 'send-mail' | 'deliver-webhook' | 'timestamp-event' | 'notify-sender';

export interface ClaimedJob {
  id: string;
  kind: JobKind;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Queues a job (in the caller's transaction when given, so it commits with the change that needs it). With a
 * `dedupeKey`, a second job for the same purpose is not queued while one exists.
 */
export async function enqueueJob(options: {
  db: Database;
  transaction?: Transaction;
  kind: JobKind;
  payload: Record<string, unknown>;
  dedupeKey?: string;
  runAt: Date;
}): Promise<string | undefined> {
  const { db } = options;
  const id = randomUUID();
  const create = () =>
    db.models.Job.create(
      {
        id,
        kind: options.kind,
        dedupeKey: options.dedupeKey ?? null,
        payload: JSON.stringify(options.payload),
        documentId: typeof options.payload.documentId === 'string' ? options.payload.documentId : null,
        status: 'queued',
        attempts: 0,
        runAt: options.runAt,
        lockedUntil: null,
        lockedBy: null,
        lastError: null,
        createdAt: options.runAt,
        updatedAt: options.runAt,
      },
      { transaction: options.transaction },
    );
  if (!options.dedupeKey) {
    await create();
    return id;
  }
  const existing = await db.models.Job.findOne({
    where: { dedupeKey: options.dedupeKey },
    attributes: ['id'],
    transaction: options.transaction,
    raw: true,
  });
  if (existing) return undefined;
  try {
    await create();
  } catch (error) {
    // only outside a transaction can we tell a lost race from a real failure without poisoning the transaction
    if (error instanceof UniqueConstraintError && !options.transaction) return undefined;
    throw error;
  }
  return id;
}

/**
 * Takes up to `limit` due jobs for this worker: queued ones whose time has come, and running ones whose lease
 * ran out (their worker died). Each claim is a conditional update, so two workers never take the same job.
 */
export async function claimDueJobs(options: {
  db: Database;
  now: Date;
  limit: number;
  owner: string;
  leaseMs: number;
  kinds?: JobKind[];
}): Promise<ClaimedJob[]> {
  const { db, now } = options;
  const { Job } = db.models;
  const due = {
    [Op.or]: [
      { status: 'queued', runAt: { [Op.lte]: now } },
      { status: 'running', lockedUntil: { [Op.lt]: now } },
    ],
    ...(options.kinds ? { kind: { [Op.in]: options.kinds } } : {}),
  };
  const candidates = await Job.findAll({ where: due, order: [['runAt', 'ASC']], limit: options.limit, raw: true });
  const claimed: ClaimedJob[] = [];
  for (const job of candidates) {
    const lockedUntil = new Date(now.getTime() + options.leaseMs);
    const [count] = await Job.update(
      { status: 'running', lockedUntil, lockedBy: options.owner, attempts: job.attempts + 1, updatedAt: now },
      { where: { id: job.id, attempts: job.attempts, ...due } },
    );
    if (count === 1)
      claimed.push({
        id: job.id,
        kind: job.kind as JobKind,
        payload: JSON.parse(job.payload) as Record<string, unknown>,
        attempts: job.attempts + 1,
      });
  }
  return claimed;
}

/**
 * The job is done. With `owner`, only while this worker still holds it: a worker whose lease ran out (another node
 * took the job over) records nothing, and the taker's outcome stands. Returns whether the row was updated.
 */
export async function completeJob(options: {
  db: Database;
  jobId: string;
  now: Date;
  owner?: string;
}): Promise<boolean> {
  const done = { status: 'done', lockedUntil: null, lastError: null, waitingFor: null, waitingSince: null } as const;
  const [count] = await options.db.models.Job.update(
    { ...done, updatedAt: options.now },
    { where: { id: options.jobId, ...(options.owner ? { lockedBy: options.owner, status: 'running' } : {}) } },
  );
  return count === 1;
}

/** The longest wait between two attempts of a job, unless its handler sets a shorter one. */
export const MAX_RETRY_DELAY_MS = 15 * 60_000;

/** Exponential backoff: 2 s, 4 s, 8 s ... capped at `capMs` (default 15 minutes). */
export function retryDelayMs(attempts: number, capMs = MAX_RETRY_DELAY_MS): number {
  return Math.min(capMs, 1000 * 2 ** Math.min(attempts, 20));
}

/**
 * The job failed this time: queue it again after a backoff, or give it up once `maxAttempts` is reached. With
 * `waitingFor`, the failure is an outside service that did not answer (`timestamp-authority`): the job records it,
 * and since when it has been waiting, until it runs through. With `owner`, only while this worker holds the job.
 */
export async function failJob(options: {
  db: Database;
  jobId: string;
  now: Date;
  attempts: number;
  error: string;
  maxAttempts: number;
  owner?: string;
  waitingFor?: string;
  maxBackoffMs?: number;
}): Promise<'retry' | 'failed' | 'lost'> {
  const { db, now } = options;
  const giveUp = options.attempts >= options.maxAttempts;
  const runAt = new Date(now.getTime() + retryDelayMs(options.attempts, options.maxBackoffMs));
  const waiting = options.waitingFor && !giveUp;
  // the first failure of a wait sets its start; later ones keep it
  const waitingSince = db.sequelize.fn('COALESCE', db.sequelize.col('waiting_since'), now) as unknown as Date;
  const [count] = await db.models.Job.update(
    {
      status: giveUp ? 'failed' : 'queued',
      runAt,
      lockedUntil: null,
      lastError: options.error.slice(0, 1000),
      waitingFor: waiting ? options.waitingFor : null,
      waitingSince: waiting ? waitingSince : null,
      updatedAt: now,
    },
    { where: { id: options.jobId, ...(options.owner ? { lockedBy: options.owner, status: 'running' } : {}) } },
  );
  if (count !== 1) return 'lost';
  return giveUp ? 'failed' : 'retry';
}

/**
 * The heartbeat of a running job: pushes its lease `leaseMs` past `now`, only while `owner` still holds it. False
 * when the job was taken over (this worker was presumed dead), so the caller knows its result will not count.
 */
export async function renewJobLease(options: {
  db: Database;
  jobId: string;
  owner: string;
  now: Date;
  leaseMs: number;
}): Promise<boolean> {
  const [count] = await options.db.models.Job.update(
    { lockedUntil: new Date(options.now.getTime() + options.leaseMs) },
    { where: { id: options.jobId, lockedBy: options.owner, status: 'running' } },
  );
  return count === 1;
}

/**
 * At start-up, a node takes back the jobs its previous process held (it died or was stopped mid-job): their leases
 * end now, so the next claim takes them without waiting for them to run out. `lockedBy` is `<nodeId>:<process>`.
 * Returns how many there were.
 */
export async function reclaimNodeJobs(options: { db: Database; nodeId: string; now: Date }): Promise<number> {
  const { db } = options;
  const prefix = `${options.nodeId}:`;
  const { fn, col, where } = db.sequelize;
  const [count] = await db.models.Job.update(
    { lockedUntil: new Date(0), updatedAt: options.now },
    {
      where: {
        status: 'running',
        [Op.and]: [where(fn('substr', col('locked_by'), 1, prefix.length), prefix)],
      },
    },
  );
  return count;
}

/**
 * Queued jobs that wait for `waitingFor` (`timestamp-authority`; default any service) become due now: the service
 * answered again (here or, through the database, on any node), so they run at once instead of at the end of their
 * backoff. Returns how many.
 */
export async function wakeWaitingJobs(options: { db: Database; waitingFor?: string; now: Date }): Promise<number> {
  const waitingFor = options.waitingFor ?? { [Op.ne]: null };
  const [count] = await options.db.models.Job.update(
    { runAt: options.now },
    { where: { status: 'queued', waitingFor, runAt: { [Op.gt]: options.now } } },
  );
  return count;
}

/** How the HTTP layer asks for queued work to start now rather than at the next poll. */
export interface JobKicker {
  kick(): void;
  /**
   * Resolves true when this process has finished an attempt at the job (done, failed, or to be retried), false after
   * `timeoutMs`: a wait without polling the database. Another node's work is not seen: callers check the outcome.
   */
  settled?(jobId: string, timeoutMs: number): Promise<boolean>;
}

/**
 * Housekeeping: finished jobs (done, or given up) older than `olderThan` are removed, a batch at a time, so the
 * queue stays small and their payloads (sealed messages, ids) do not outlive their use. Returns how many went.
 */
export async function pruneFinishedJobs(options: { db: Database; olderThan: Date; batch?: number }): Promise<number> {
  const { Job } = options.db.models;
  let removed = 0;
  for (;;) {
    // a given-up seal stays: it is how cancelDocument knows a pending document may still be withdrawn
    const rows = await Job.findAll({
      where: {
        status: { [Op.in]: ['done', 'failed'] },
        updatedAt: { [Op.lt]: options.olderThan },
        [Op.not]: { kind: 'seal-document', status: 'failed' },
      },
      attributes: ['id'],
      limit: options.batch ?? 500,
      raw: true,
    });
    if (!rows.length) return removed;
    removed += await Job.destroy({ where: { id: { [Op.in]: rows.map((row) => row.id) } } });
  }
}

/**
 * At start-up, what this node held before it restarted is taken back (see reclaimNodeJobs). One SQLite file has one
 * appliance, so there every running job is this node's own.
 */
export async function reclaimJobsAfterRestart(options: { db: Database; nodeId: string; now: Date }): Promise<number> {
  if (options.db.dialect !== 'sqlite') return reclaimNodeJobs(options);
  const [count] = await options.db.models.Job.update({ lockedUntil: new Date(0) }, { where: { status: 'running' } });
  return count;
}

/** The queue as a job runner works it: the operations above bound to one database, which the runner never holds. */
export function openJobQueue(db: Database) {
  const bind = bindContext({ db });
  return {
    claimDue: bind(claimDueJobs),
    complete: bind(completeJob),
    fail: bind(failJob),
    renewLease: bind(renewJobLease),
    wakeWaiting: bind(wakeWaitingJobs),
    reclaimAfterRestart: bind(reclaimJobsAfterRestart),
  };
}

export type JobQueue = ReturnType<typeof openJobQueue>;
