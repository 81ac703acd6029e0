import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXIT, UsageError } from '../cli-output.js';
import { loadConfig } from '../../server/lib/config.js';
import { createLogger } from '../../server/lib/logger.js';
import { systemClock } from '../../server/lib/clock.js';
import { restoreBackup } from '../../server/domain/backup/restore-backup.js';
import { terminalProgress } from './progress-line.js';
import type { CommandContext } from '../segl.js';

const USAGE = 'usage: segl restore FILE --data DIR [--kek-file FILE] [--json]';

/**
 * `segl restore FILE --data DIR`: into an empty data directory (with DATABASE_URL, an empty PostgreSQL database);
 * exit 0 when the self-check found every document intact, 1 when it found problems, 2 when nothing was restored.
 */
export async function runRestoreCommand(context: CommandContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: context.args,
      options: { 'kek-file': { type: 'string' }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(USAGE);
  if (!context.dataDir) throw new UsageError(`--data DIR is required: the empty directory to restore into; ${USAGE}`);
  const file = positionals[0]!;
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const config = loadConfig({ dataDir: context.dataDir });
  const progress = terminalProgress();
  const summary = await restoreBackup({
    file,
    config,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    kekFile: values['kek-file'],
    onProgress: (p) => progress.update(`restore: ${p.phase} ${p.done}/${p.total || '?'}`),
  });
  progress.done();
  const { check } = summary;
  if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    process.stdout.write(
      `restored the backup of ${summary.backupCreatedAt} into ${summary.dataDir} (${summary.dialect})\n`,
    );
    process.stdout.write(
      `self-check: ${check.documents} documents, ${check.blobsDecrypted} PDFs decrypted, ` +
        `${check.sealedVerified} sealed PDFs verified` +
        (check.indeterminate ? ` (${check.indeterminate} indeterminate: a root outside this appliance)` : '') +
        `, ${check.problems.length} problems\n`,
    );
    for (const problem of check.problems)
      process.stdout.write(`  ${problem.documentId}: ${problem.code}: ${problem.message}\n`);
    if (summary.kek === 'environment')
      process.stdout.write('the KEK stays in SEGL_KEK: start the appliance with the same SEGL_KEK\n');
  }
  return check.problems.length ? EXIT.invalid : EXIT.ok;
}
