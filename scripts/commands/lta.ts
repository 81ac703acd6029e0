import { EXIT, UsageError } from '../cli-output.js';
import { fixedClock, systemClock } from '../../server/lib/clock.js';
import { formatDocumentCode } from '../../server/domain/documents/document-code.js';
import { runLtaRenewal } from '../../server/domain/lta/run-lta-renewal.js';
import type { CommandContext } from '../segl.js';
import { openCommandAppliance } from './open-command-appliance.js';

const USAGE = 'usage: segl lta renew [--horizon-days N] [--now ISO-8601] [--dry-run] [--json]';
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function parseArguments(args: string[]): { dryRun: boolean; json: boolean; now?: Date; horizonDays?: number } {
  const [sub, ...rest] = args;
  if (sub !== 'renew') throw new UsageError(USAGE);
  const options: { dryRun: boolean; json: boolean; now?: Date; horizonDays?: number } = { dryRun: false, json: false };
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    const match = /^--(now|horizon-days)(?:=(.*))?$/.exec(arg);
    if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--json') options.json = true;
    else if (match) {
      const value = match[2] ?? rest[++i];
      if (!value) throw new UsageError(`--${match[1]} needs a value; ${USAGE}`);
      if (match[1] === 'now') {
        const now = new Date(value);
        if (!ISO_8601.test(value) || Number.isNaN(now.getTime()))
          throw new UsageError(`--now must be an ISO 8601 date or date and time, not "${value}"`);
        options.now = now;
      } else {
        const days = Number(value);
        if (!/^\d+$/.test(value) || days < 1 || days > 3650)
          throw new UsageError(`--horizon-days must be a whole number from 1 to 3650, not "${value}"`);
        options.horizonDays = days;
      }
    } else throw new UsageError(`unexpected argument "${arg}"; ${USAGE}`);
  }
  return options;
}

/**
 * `segl lta renew`: keeps the archive's B-LTA evidence alive: every sealed document whose newest document timestamp's
 * TSA certificate expires within the horizon (or that uses a retired algorithm) gets the validation data for it and a
 * new document timestamp. `--now` runs as of another time (the built-in TSA stamps that time too).
 */
export async function runLtaCommand(context: CommandContext): Promise<number> {
  const options = parseArguments(context.args);
  const clock = options.now ? fixedClock(options.now) : systemClock;
  const deps = await openCommandAppliance(context, clock);
  const { config } = deps;
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const started = performance.now();
    const report = await runLtaRenewal({
      archive: deps.archive,
      sealer: deps.sealer,
      policy: {
        now: clock.now(),
        horizonDays: options.horizonDays ?? config.ltaHorizonDays,
        retiredAlgorithms: config.ltaRetiredAlgorithms,
      },
      dryRun: options.dryRun,
      signal: stopping.signal,
    });
    if (options.json)
      process.stdout.write(`${JSON.stringify({ ...report, now: report.now.toISOString() }, null, 2)}\n`);
    else {
      for (const item of report.renewed)
        process.stdout.write(
          `renewed       ${formatDocumentCode(item.code)}  ${item.reason}  ` +
            `evidence now valid until ${item.expiresAt}\n`,
        );
      for (const item of report.due)
        process.stdout.write(
          `would renew   ${formatDocumentCode(item.code)}  ${item.reason}  expires ${item.expiresAt}\n`,
        );
    }
    for (const failure of report.failed)
      process.stderr.write(
        `segl: could not renew ${formatDocumentCode(failure.code)}: ${failure.message} [${failure.error}]\n`,
      );
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    process.stderr.write(
      `lta renewal at ${report.now.toISOString()} ` +
        `(horizon ${report.horizonDays} days${options.dryRun ? ', dry run' : ''}): ` +
        `${report.checked} checked, ${report.renewed.length} renewed, ${report.due.length} due, ` +
        `${report.failed.length} failed (${seconds} s)\n`,
    );
    if (report.interrupted) return 130;
    return report.failed.length ? EXIT.invalid : EXIT.ok;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    deps.sealer.close();
    await deps.db.close();
  }
}
