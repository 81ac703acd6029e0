import { EXIT, UsageError } from '../cli-output.js';
import { systemClock } from '../../server/lib/clock.js';
import { formatDocumentCode } from '../../server/domain/documents/document-code.js';
import { runRetention, type RetentionReport } from '../../server/domain/retention/run-retention.js';
import type { DueDocument } from '../../server/domain/retention/find-due-documents.js';
import type { CommandContext } from '../segl.js';
import { openCommandAppliance } from './open-command-appliance.js';

const USAGE = 'usage: segl retention run [--dry-run] [--now ISO-8601] [--json]';
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

interface RetentionOptions {
  dryRun: boolean;
  json: boolean;
  now?: Date;
}

function parseArguments(args: string[]): RetentionOptions {
  const [sub, ...rest] = args;
  if (sub !== 'run') throw new UsageError(USAGE);
  const options: RetentionOptions = { dryRun: false, json: false };
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--now' || arg.startsWith('--now=')) {
      const value = arg === '--now' ? rest[++i] : arg.slice('--now='.length);
      if (!value) throw new UsageError(`--now needs a date and time; ${USAGE}`);
      const now = new Date(value);
      if (!ISO_8601.test(value) || Number.isNaN(now.getTime()))
        throw new UsageError(
          `--now must be an ISO 8601 date or date and time (e.g. 2031-01-01T00:00:00Z), not "${value}"`,
        );
      options.now = now;
    } else throw new UsageError(`unexpected argument "${arg}"; ${USAGE}`);
  }
  return options;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

function describe(document: DueDocument): string {
  const source = document.rule.source === 'folder' ? `folder ${document.rule.folderId}` : 'SEGL_RETENTION_DAYS';
  return (
    `${formatDocumentCode(document.code)}  ${document.status.padEnd(9)}  ended ${day(document.endedAt)}  ` +
    `kept ${document.rule.days} days (${source})  due ${day(document.dueAt)}`
  );
}

/** A document of the report as `--json` shows it. */
function documentJson(d: DueDocument) {
  return {
    id: d.id,
    code: formatDocumentCode(d.code),
    status: d.status,
    folderId: d.folderId,
    endedAt: d.endedAt.toISOString(),
    dueAt: d.dueAt.toISOString(),
    retention: { days: d.rule.days, source: d.rule.source, folderId: d.rule.folderId },
  };
}

function reportJson(report: RetentionReport): string {
  return JSON.stringify(
    {
      now: report.now.toISOString(),
      dryRun: report.dryRun,
      due: report.due.map((d) => ({ ...documentJson(d), ...(d.outcome ? { outcome: d.outcome } : {}) })),
      deleted: report.deleted,
      skipped: report.skipped,
      failed: report.failed,
      held: report.held.map((d) => ({ ...documentJson(d), legalHold: d.legalHold })),
    },
    null,
    2,
  );
}

/**
 * `segl retention run [--dry-run] [--now ISO-8601] [--json]`: deletes (crypto-shreds, leaving tombstones) every
 * document past its retention period at `now` (default: the clock), or with `--dry-run` only lists them. Progress on
 * stderr.
 */
export async function runRetentionCommand(context: CommandContext): Promise<number> {
  const options = parseArguments(context.args);
  const deps = await openCommandAppliance(context);
  const { config } = deps;
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  try {
    const now = options.now ?? systemClock.now();
    if (!options.dryRun && now.getTime() > systemClock.now().getTime() + 60_000) {
      process.stderr.write(
        `segl: note: --now ${now.toISOString()} is later than the clock; documents due by then are deleted now, ` +
          'and their deletion is recorded at the real time.\n',
      );
    }
    if (config.retentionDays === null)
      process.stderr.write(
        'segl: SEGL_RETENTION_DAYS is not set: only folders with their own retention period are considered.\n',
      );
    const interactive = process.stderr.isTTY === true;
    const started = performance.now();
    // Ctrl-C or a stop signal: the run stops between two documents (each is deleted whole or not at all)
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const report = await runRetention({
      archive: deps.archive,
      defaultDays: config.retentionDays,
      now,
      dryRun: options.dryRun,
      signal: stopping.signal,
      onProgress: options.dryRun
        ? undefined
        : ({ done, found }) => {
            const line = `retention: ${done}/${found}${found === done ? '' : '+'} handled`;
            if (interactive) process.stderr.write(`\r\x1b[K${line}`);
            else if (done % 100 === 0 || done === found) process.stderr.write(`${line}\n`);
          },
    });
    if (interactive && !options.dryRun && report.due.length) process.stderr.write('\n');
    if (options.json) process.stdout.write(`${reportJson(report)}\n`);
    else {
      for (const document of report.due) {
        const verb = options.dryRun
          ? 'would delete'
          : document.outcome === 'failed'
            ? 'FAILED'
            : document.outcome === 'skipped'
              ? 'skipped'
              : document.outcome === 'deleted'
                ? 'deleted'
                : 'not handled';
        process.stdout.write(`${verb.padEnd(12)}  ${describe(document)}\n`);
      }
      for (const document of report.held) {
        const reason = document.legalHold.reason ?? '(no reason)';
        process.stdout.write(`${'held'.padEnd(12)}  ${describe(document)}  legal hold: ${reason}\n`);
      }
    }
    for (const failure of report.failed)
      process.stderr.write(`segl: could not delete ${formatDocumentCode(failure.code)}: ${failure.error}\n`);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const counts = options.dryRun
      ? [`${report.due.length} documents due`, `${report.held.length} held`, 'nothing deleted']
      : [
          `${report.due.length} due`,
          `${report.deleted} deleted`,
          `${report.skipped} skipped (changed meanwhile)`,
          `${report.failed.length} failed`,
          `${report.held.length} held`,
        ];
    process.stderr.write(
      `retention at ${now.toISOString()}${options.dryRun ? ' (dry run)' : ''}: ${counts.join(', ')} (${seconds} s)\n`,
    );
    if (report.interrupted) {
      process.stderr.write('segl: interrupted; the documents not yet handled are deleted by the next run\n');
      return 130;
    }
    return report.failed.length ? EXIT.invalid : EXIT.ok;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await deps.db.close();
  }
}
