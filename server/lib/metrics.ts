import { Counter, type CounterConfiguration, Histogram, type HistogramConfiguration, Registry } from 'prom-client';
import { parseUrl } from './parse-url.js';

/**
 * The process's event metrics (Prometheus, prom-client). Events are counted where they happen (a request, a seal,
 * a TSA call); what the database or the disk knows (documents by status, queues, certificates, backups, free
 * space) is read when /metrics is scraped, by the domain's collector. One registry per process: counters only
 * ever grow, which is what Prometheus expects of them.
 */
export const metricsRegistry = new Registry();

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A counter in the process's registry. */
function registerCounter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
  return new Counter({ ...config, registers: [metricsRegistry] });
}

/** A latency histogram in seconds (the same buckets for every one) in the process's registry. */
function registerHistogram<L extends string>(
  config: Omit<HistogramConfiguration<L>, 'registers' | 'buckets'>,
): Histogram<L> {
  return new Histogram({ ...config, buckets: SECONDS_BUCKETS, registers: [metricsRegistry] });
}

export const httpRequests = registerCounter({
  name: 'segl_http_requests_total',
  help: 'HTTP requests by route pattern, method and status code',
  labelNames: ['route', 'method', 'status'] as const,
});

export const httpRequestDuration = registerHistogram({
  name: 'segl_http_request_duration_seconds',
  help: 'HTTP request latency by route pattern and method',
  labelNames: ['route', 'method'] as const,
});

export const seals = registerCounter({
  name: 'segl_seals_total',
  help: 'Sealing attempts by outcome (done, retry, failed)',
  labelNames: ['outcome'] as const,
});

export const sealDuration = registerHistogram({
  name: 'segl_seal_duration_seconds',
  help: 'Time to seal a completed document (stamp, sign, timestamp, store)',
});

export const jobRuns = registerCounter({
  name: 'segl_job_runs_total',
  help: 'Background job runs by kind and outcome (done, retry, failed)',
  labelNames: ['kind', 'outcome'] as const,
});

export const tsaRequests = registerCounter({
  name: 'segl_tsa_requests_total',
  help: 'RFC 3161 timestamp requests by TSA and outcome (ok, error)',
  labelNames: ['tsa', 'outcome'] as const,
});

export const tsaErrors = registerCounter({
  name: 'segl_tsa_errors_total',
  help: 'Timestamp requests that failed (no answer, refused, or a reply that did not check out), by TSA',
  labelNames: ['tsa'] as const,
});

export const tsaDuration = registerHistogram({
  name: 'segl_tsa_request_duration_seconds',
  help: 'Timestamp request latency by TSA',
  labelNames: ['tsa'] as const,
});

export const mailFailures = registerCounter({
  name: 'segl_mail_failures_total',
  help: 'E-mail deliveries that failed (each failed attempt)',
});

export const webhookFailures = registerCounter({
  name: 'segl_webhook_failures_total',
  help: 'Webhook deliveries that failed (each failed attempt)',
});

export const retentionDeletions = registerCounter({
  name: 'segl_retention_deletions_total',
  help: 'Documents deleted by retention',
});

export const backupRuns = registerCounter({
  name: 'segl_backup_runs_total',
  help: 'Scheduled backups by outcome (ok, error)',
  labelNames: ['outcome'] as const,
});

/** A label for a TSA that never leaks credentials or paths: the origin of its URL, or the built-in one's name. */
export function tsaLabel(source: { url?: string; name?: string }): string {
  if (!source.url) return source.name ?? 'built-in';
  return parseUrl(source.url)?.origin ?? 'invalid-url';
}
