import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { requestTimestamp } from '../../crypto/timestamp-client.js';
import type { Clock } from '../../lib/clock.js';
import type { Config } from '../../lib/config.js';
import { isSeglError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import { openDatabase, type Database } from '../../storage/database.js';
import { kekFilePaths } from '../keys/kek-files.js';
import { openSealer, type Sealer } from '../sealer.js';
import { collectApplianceState } from './collect-appliance-state.js';

export type FindingStatus = 'ok' | 'warn' | 'fail';

export interface Finding {
  check: string;
  status: FindingStatus;
  detail: string;
  /** What to do about it, for warn and fail. */
  fix?: string;
}

const DAY_MS = 86_400_000;
const STUCK_SECONDS = 15 * 60;

const reason = (error: unknown) => (isSeglError(error) ? `${error.message} [${error.code}]` : (error as Error).message);

/**
 * `segl doctor`: what the alert rules watch, checked from the command line, each with what to do about it. Reads
 * only (opening the database applies pending migrations, as any start does); a real timestamp is requested from
 * every configured TSA.
 */
export async function diagnoseAppliance(options: { config: Config; clock: Clock; logger: Logger }): Promise<Finding[]> {
  const { config, clock } = options;
  const findings: Finding[] = [];
  const add = (finding: Finding) => findings.push(finding);
  if (!existsSync(path.join(config.dataDir, 'pki', 'meta.json'))) {
    add({
      check: 'data directory',
      status: 'fail',
      detail: `${config.dataDir} holds no appliance`,
      fix: 'point --data or SEGL_DATA_DIR at the data directory (or start the appliance once to create it)',
    });
    return findings;
  }
  checkDataDirectory(config, add);

  let sealer: Sealer | undefined;
  try {
    sealer = await openSealer({ config, clock });
    add({ check: 'keys', status: 'ok', detail: 'the KEK opens the appliance keys' });
  } catch (error) {
    add({
      check: 'keys',
      status: 'fail',
      detail: reason(error),
      fix: 'set SEGL_KEK (or DATA/kek) to the key this data directory was created with',
    });
  }

  let db: Database | undefined;
  try {
    db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, logger: options.logger });
    add({ check: 'database', status: 'ok', detail: `${db.dialect} answers, schema up to date` });
  } catch (error) {
    add({
      check: 'database',
      status: 'fail',
      detail: reason(error),
      fix: 'check DATABASE_URL and that the database server runs',
    });
  }
  try {
    if (db && sealer) await checkState({ db, sealer, config, now: clock.now(), add });
    if (sealer) await checkTimestampAuthorities(sealer, config, add);
  } finally {
    await db?.close();
  }
  if (!config.metricsToken && !config.metricsAllow.length) {
    add({
      check: 'monitoring',
      status: 'warn',
      detail: '/metrics is off',
      fix: 'set SEGL_METRICS_TOKEN or SEGL_METRICS_ALLOW and load config/prometheus-alerts.yml into Prometheus',
    });
  } else add({ check: 'monitoring', status: 'ok', detail: '/metrics is on' });
  return findings;
}

function checkDataDirectory(config: Config, add: (finding: Finding) => void): void {
  const mode = statSync(config.dataDir).mode & 0o777;
  if (mode & 0o077)
    add({
      check: 'data directory',
      status: 'warn',
      detail: `${config.dataDir} is readable by others (mode ${mode.toString(8)})`,
      fix: `chmod 700 ${config.dataDir}`,
    });
  else add({ check: 'data directory', status: 'ok', detail: config.dataDir });
  const kekFile = kekFilePaths(config.dataDir).current;
  if (existsSync(kekFilePaths(config.dataDir).next))
    add({
      check: 'key rotation',
      status: 'fail',
      detail: 'a key rotation is unfinished (DATA/kek.next exists)',
      fix: 'rerun `segl keys rotate` to finish it',
    });
  if (!config.kek && existsSync(kekFile)) {
    const kekMode = statSync(kekFile).mode & 0o777;
    if (kekMode & 0o077)
      add({
        check: 'kek',
        status: 'fail',
        detail: `${kekFile} is readable by others (mode ${kekMode.toString(8)})`,
        fix: `chmod 600 ${kekFile}`,
      });
    else
      add({
        check: 'kek',
        status: 'warn',
        detail: 'the KEK lies on the data volume beside what it protects',
        fix:
          'in production pass it as SEGL_KEK (from a secret store) and remove DATA/kek; ' +
          'keep a copy apart from the backups',
      });
  } else if (config.kek) add({ check: 'kek', status: 'ok', detail: 'the KEK comes from SEGL_KEK' });
}

async function checkState(options: {
  db: Database;
  sealer: Sealer;
  config: Config;
  now: Date;
  add(finding: Finding): void;
}): Promise<void> {
  const { add, config, now } = options;
  const state = await collectApplianceState({ db: options.db, sealer: options.sealer, config, now });
  const failed = state.jobs.filter((j) => j.status === 'failed' && j.count > 0);
  if (failed.length)
    add({
      check: 'jobs',
      status: 'warn',
      detail: `jobs given up: ${failed.map((j) => `${j.count} ${j.kind}`).join(', ')}`,
      fix:
        'read the logs (module jobs) for why; mail and webhook failures usually mean a wrong SMTP ' +
        'or endpoint setting',
    });
  const stuck = Object.entries(state.oldestDueJobAgeSeconds).filter(([, age]) => age > STUCK_SECONDS);
  if (stuck.length)
    add({
      check: 'jobs',
      status: 'fail',
      detail: `jobs waiting over 15 minutes: ${stuck
        .map(([kind, age]) => `${kind} (${Math.round(age / 60)} min)`)
        .join(', ')}`,
      fix: 'make sure an appliance runs (`segl serve`) and read its logs',
    });
  if (state.expiredLeases)
    add({
      check: 'jobs',
      status: 'warn',
      detail: `${state.expiredLeases} running jobs lost their worker`,
      fix: 'they are taken up again by a running appliance; if the number stays, restart the appliances',
    });
  if (!failed.length && !stuck.length && !state.expiredLeases)
    add({ check: 'jobs', status: 'ok', detail: 'the queue moves' });
  const waiting = state.waitingForTsa['seal-document'] ?? 0;
  if (waiting)
    add({
      check: 'sealing',
      status: 'fail',
      detail: `${waiting} signed documents wait for a timestamp authority`,
      fix: 'fix the TSA (SEGL_TSA_URLS); they are sealed as soon as one answers',
    });
  for (const certificate of state.certificates) {
    const days = Math.floor((certificate.notAfter.getTime() - now.getTime()) / DAY_MS);
    const expires = certificate.notAfter.toISOString().slice(0, 10);
    const detail = `the ${certificate.role} certificate expires on ${expires} (${days} days)`;
    if (days < 30)
      add({
        check: 'certificates',
        status: 'fail',
        detail,
        fix:
          certificate.role === 'root'
            ? 'plan a new appliance root before this date'
            : `renew the ${certificate.role} certificate`,
      });
    else if (days < 90)
      add({
        check: 'certificates',
        status: 'warn',
        detail,
        fix: `renew the ${certificate.role} certificate within ${days - 30} days`,
      });
    else add({ check: 'certificates', status: 'ok', detail });
  }
  if (!state.lastBackupAt)
    add({
      check: 'backup',
      status: 'warn',
      detail: 'no backup has been taken',
      fix: 'set SEGL_BACKUP_SCHEDULE (e.g. "15 1 * * *") or run `segl backup --out FILE` daily',
    });
  else {
    const ageHours = (now.getTime() - state.lastBackupAt.getTime()) / 3_600_000;
    const detail = `the last backup finished ${ageHours.toFixed(1)} hours ago`;
    add(
      ageHours > 24
        ? {
            check: 'backup',
            status: 'warn',
            detail,
            fix: 'check the scheduled backups (logs, module backup) or run `segl backup`',
          }
        : { check: 'backup', status: 'ok', detail },
    );
  }
  if (!config.backupSchedule)
    add({
      check: 'backup',
      status: 'warn',
      detail: 'no backup schedule (SEGL_BACKUP_SCHEDULE is off)',
      fix: 'set SEGL_BACKUP_SCHEDULE and SEGL_BACKUP_DIR (another disk)',
    });
  if (state.disk) {
    const ratio = state.disk.freeBytes / state.disk.totalBytes;
    const freeGiB = (state.disk.freeBytes / 2 ** 30).toFixed(1);
    const detail = `${freeGiB} GiB free on the data volume (${(ratio * 100).toFixed(0)}%)`;
    if (ratio < 0.1) add({ check: 'disk', status: 'fail', detail, fix: 'free space or grow the data volume' });
    else if (ratio < 0.2) add({ check: 'disk', status: 'warn', detail, fix: 'plan more space for the data volume' });
    else add({ check: 'disk', status: 'ok', detail });
  }
}

async function checkTimestampAuthorities(
  sealer: Sealer,
  config: Config,
  add: (finding: Finding) => void,
): Promise<void> {
  let working = 0;
  for (const source of sealer.timestampSources) {
    const name = 'url' in source ? source.url : source.name;
    try {
      const result = await requestTimestamp({ digest: randomBytes(32), sources: [source], timeoutMs: 5000 });
      working += 1;
      add({ check: 'tsa', status: 'ok', detail: `${name} answered (${result.genTime.toISOString()})` });
    } catch (error) {
      add({
        check: 'tsa',
        status: config.tsaUrls.length > 1 ? 'warn' : 'fail',
        detail: `${name}: ${reason(error)}`,
        fix: 'check the TSA URL (SEGL_TSA_URLS) and that it is reachable from this host',
      });
    }
  }
  if (config.tsaUrls.length > 1 && working === 0)
    add({
      check: 'tsa',
      status: 'fail',
      detail: 'no timestamp authority answers: nothing can be sealed',
      fix: 'fix SEGL_TSA_URLS',
    });
  if (!config.tsaUrls.length)
    add({
      check: 'tsa',
      status: 'warn',
      detail: 'the built-in TSA shares this box’s clock',
      fix: 'in production set SEGL_TSA_URLS to an external (qualified) TSA',
    });
}
