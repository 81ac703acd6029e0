import { Gauge, Registry } from 'prom-client';
import type { ApplianceState } from '../../../domain/metrics/collect-appliance-state.js';

const DAY_SECONDS = 86_400;

/** The database and disk state as Prometheus gauges, in a registry made for one scrape. */
export async function renderApplianceState(state: ApplianceState | undefined, now: Date): Promise<string> {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const up = gauge('segl_state_collected', '1 when the database and disk state below could be read, 0 when not');
  up.set(state ? 1 : 0);
  if (!state) return registry.metrics();

  const documents = gauge('segl_documents', 'Documents by status', ['status']);
  for (const [status, count] of Object.entries(state.documentsByStatus)) documents.set({ status }, count);
  const jobs = gauge('segl_jobs', 'Background jobs by kind and status (queued, running, done, failed)', [
    'kind',
    'status',
  ]);
  for (const row of state.jobs) jobs.set({ kind: row.kind, status: row.status }, row.count);
  const oldest = gauge(
    'segl_job_oldest_due_age_seconds',
    'How long the oldest due, not yet started job of each kind has waited',
    ['kind'],
  );
  for (const [kind, age] of Object.entries(state.oldestDueJobAgeSeconds)) oldest.set({ kind }, age);
  gauge('segl_jobs_expired_leases', 'Running jobs whose worker lease ran out (the worker died or hangs)').set(
    state.expiredLeases,
  );
  const waiting = gauge(
    'segl_jobs_waiting_for_tsa',
    'Jobs whose last attempt failed because no timestamp authority answered',
    ['kind'],
  );
  for (const [kind, count] of Object.entries(state.waitingForTsa)) waiting.set({ kind }, count);
  gauge(
    'segl_seals_waiting_for_tsa',
    'Completed documents that cannot be sealed because no timestamp authority answers',
  ).set(state.waitingForTsa['seal-document'] ?? 0);

  const lastBackup = state.lastBackupAt ? state.lastBackupAt.getTime() / 1000 : 0;
  gauge('segl_backup_last_success_timestamp_seconds', 'When the last backup finished (Unix time; 0 if never)').set(
    lastBackup,
  );
  gauge('segl_backup_age_seconds', 'Seconds since the last backup finished (+Inf if never)').set(
    state.lastBackupAt ? Math.max(0, now.getTime() / 1000 - lastBackup) : Number.POSITIVE_INFINITY,
  );

  const expiry = gauge(
    'segl_certificate_expiry_timestamp_seconds',
    'When the appliance certificates expire (Unix time)',
    ['role'],
  );
  const daysLeft = gauge('segl_certificate_days_left', 'Days until the appliance certificates expire', ['role']);
  for (const certificate of state.certificates) {
    expiry.set({ role: certificate.role }, certificate.notAfter.getTime() / 1000);
    daysLeft.set({ role: certificate.role }, (certificate.notAfter.getTime() - now.getTime()) / 1000 / DAY_SECONDS);
  }
  if (state.disk) {
    gauge('segl_data_disk_free_bytes', 'Free space for the appliance on the data directory file system').set(
      state.disk.freeBytes,
    );
    gauge('segl_data_disk_size_bytes', 'Size of the data directory file system').set(state.disk.totalBytes);
    gauge('segl_data_disk_free_ratio', 'Free share of the data directory file system (0..1)').set(
      state.disk.totalBytes ? state.disk.freeBytes / state.disk.totalBytes : 0,
    );
  }
  return registry.metrics();
}
