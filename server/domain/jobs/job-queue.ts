import { randomUUID } from 'node:crypto';
import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';

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
  const existing = await db.models.Job.findOne({ where: { dedupeKey: options.dedupeKey }, attributes: ['id'], transaction: options.transaction, raw: true });
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
export async function claimDueJobs(options: { db: Database; now: Date; limit: number; owner: string; leaseMs: number; kinds?: JobKind[] }): Promise<ClaimedJob[]> {
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
    if (count === 1) claimed.push({ id: job.id, kind: job.kind as JobKind, payload: JSON.parse(job.payload) as Record<string, unknown>, attempts: job.attempts + 1 });
  }
  return claimed;
}

export async function completeJob(options: { db: Database; jobId: string; now: Date }): Promise<void> {
  await options.db.models.Job.update({ status: 'done', lockedUntil: null, lastError: null, updatedAt: options.now }, { where: { id: options.jobId } });
}

/** Exponential backoff: 2 s, 4 s, 8 s ... capped at 15 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(15 * 60_000, 1000 * 2 ** Math.min(attempts, 20));
}

/** The job failed this time: queue it again after a backoff, or give it up once `maxAttempts` is reached. */
export async function failJob(options: { db: Database; jobId: string; now: Date; attempts: number; error: string; maxAttempts: number }): Promise<'retry' | 'failed'> {
  const giveUp = options.attempts >= options.maxAttempts;
  const runAt = new Date(options.now.getTime() + retryDelayMs(options.attempts));
  await options.db.models.Job.update(
    { status: giveUp ? 'failed' : 'queued', runAt, lockedUntil: null, lastError: options.error.slice(0, 1000), updatedAt: options.now },
    { where: { id: options.jobId } },
  );
  return giveUp ? 'failed' : 'retry';
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
      where: { status: { [Op.in]: ['done', 'failed'] }, updatedAt: { [Op.lt]: options.olderThan }, [Op.not]: { kind: 'seal-document', status: 'failed' } },
      attributes: ['id'],
      limit: options.batch ?? 500,
      raw: true,
    });
    if (!rows.length) return removed;
    removed += await Job.destroy({ where: { id: { [Op.in]: rows.map((row) => row.id) } } });
  }
}
