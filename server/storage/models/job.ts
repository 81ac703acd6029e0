import type { Sequelize } from 'sequelize';
import { counter, date, defineModel, key, str, text, type ModelOf } from './model-definition.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobAttributes {
  id: string;
  kind: string;
  dedupeKey: string | null;
  payload: string;
  status: JobStatus;
  attempts: number;
  runAt: Date;
  lockedUntil: Date | null;
  lockedBy: string | null;
  lastError: string | null;
  /** The document the job is about, when it is about one (retention erases its finished jobs with it). */
  documentId?: string | null;
  /** What outside service the job waits for (`timestamp-authority`), and since when; null when it waits for nothing. */
  waitingFor?: string | null;
  waitingSince?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** Work of the job queue (sealing, mail, webhooks), leased by one node at a time. */
export function defineJob(sequelize: Sequelize): ModelOf<JobAttributes> {
  return defineModel(sequelize, 'Job', 'jobs', {
    id: key,
    kind: str(40),
    dedupeKey: str(200, true),
    payload: text(),
    status: str(16),
    attempts: counter(),
    runAt: date(false),
    lockedUntil: date(),
    lockedBy: str(80, true),
    lastError: str(1000, true),
    documentId: str(40, true),
    waitingFor: str(40, true),
    waitingSince: date(),
  });
}
