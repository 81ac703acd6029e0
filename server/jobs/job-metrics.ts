import { jobRuns, mailFailures, sealDuration, seals, webhookFailures } from '../lib/metrics.js';

export type JobOutcome = 'done' | 'retry' | 'failed';

/** Counts one job run for /metrics: every kind by outcome, and seals, mail and webhooks under their own names. */
export function recordJobRun(options: { kind: string; outcome: JobOutcome; seconds: number }): void {
  const { kind, outcome, seconds } = options;
  jobRuns.inc({ kind, outcome });
  if (kind === 'seal-document') {
    seals.inc({ outcome });
    if (outcome === 'done') sealDuration.observe(seconds);
  } else if (kind === 'send-mail' && outcome !== 'done') mailFailures.inc();
  else if (kind === 'deliver-webhook' && outcome !== 'done') webhookFailures.inc();
}
