import type { Database } from '../../storage/database.js';
import type { Sealer } from '../sealer.js';
import { describeSealBacklog, type SealBacklog } from '../jobs/seal-backlog.js';
import { describeDiskSpace, type DiskSpace } from './disk-space.js';

export interface HealthProblem {
  /** `database_unavailable`, `keys_unavailable`, `disk_unreadable`, `disk_low`, `timestamp_authority_waiting`. */
  code: string;
  message: string;
  /** Whether this node cannot serve at all (not ready), rather than serving with a part unavailable (degraded). */
  fatal: boolean;
}

export interface HealthReport {
  /** ok: all well; degraded: serving, but something needs the operator; unavailable: this node cannot serve. */
  status: 'ok' | 'degraded' | 'unavailable';
  problems: HealthProblem[];
  disk: DiskSpace | null;
  sealBacklog: SealBacklog | null;
}

/** A database that does not answer within this is reported unavailable (probes have short timeouts of their own). */
const DATABASE_CHECK_MS = 5_000;

function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const PROBLEMS = {
  database: { code: 'database_unavailable', message: 'the database does not answer', fatal: true },
  keys: { code: 'keys_unavailable', message: 'the keys are not usable', fatal: true },
  diskUnreadable: { code: 'disk_unreadable', message: 'the data directory cannot be examined', fatal: true },
  diskLow: {
    code: 'disk_low',
    message: 'free disk space is below the configured floor: uploads are refused',
    fatal: false,
  },
  waiting: {
    code: 'timestamp_authority_waiting',
    message: 'documents wait for a timestamp authority to answer',
    fatal: false,
  },
} satisfies Record<string, HealthProblem>;

/**
 * The appliance's state for /healthz, /readyz and the staff app: the database answers, the keys are loaded, the
 * data directory has room above the floor, and no seal waits for a timestamp authority.
 */
export async function checkHealth(options: {
  db: Database;
  sealer: Sealer;
  dataDir: string;
  minFreeBytes: number;
}): Promise<HealthReport> {
  // the database and the disk are asked at once: a probe waits for the slower, not for both in turn
  const [backlog, space] = await Promise.allSettled([
    withinTime(describeSealBacklog({ db: options.db }), DATABASE_CHECK_MS),
    describeDiskSpace({ dataDir: options.dataDir, minFreeBytes: options.minFreeBytes }),
  ]);
  const problems: HealthProblem[] = [];
  const sealBacklog = backlog.status === 'fulfilled' ? backlog.value : null;
  if (!sealBacklog) problems.push(PROBLEMS.database);
  else if (sealBacklog.documents > 0) problems.push(PROBLEMS.waiting);
  try {
    options.sealer.rootCertificateDer();
  } catch {
    problems.push(PROBLEMS.keys);
  }
  const disk = space.status === 'fulfilled' ? space.value : null;
  if (!disk) problems.push(PROBLEMS.diskUnreadable);
  else if (disk.low) problems.push(PROBLEMS.diskLow);
  const status = problems.some((problem) => problem.fatal) ? 'unavailable' : problems.length ? 'degraded' : 'ok';
  return { status, problems, disk, sealBacklog };
}
