import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, UsageError } from '../cli-output.js';
import { loadConfig } from '../../server/lib/config.js';
import { createLogger } from '../../server/lib/logger.js';
import { systemClock } from '../../server/lib/clock.js';
import { runBackup } from '../../server/domain/backup/run-backup.js';
import { terminalProgress } from './progress-line.js';
import type { CommandContext } from '../segl.js';

const USAGE = 'usage: segl backup --out FILE [--include-kek] [--json]';

/** `segl backup --out FILE [--include-kek] [--json]`: a consistent online backup, written atomically. */
export async function runBackupCommand(context: CommandContext): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: context.args,
      options: {
        out: { type: 'string' },
        'include-kek': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; ${USAGE}`);
  }
  if (!values.out) throw new UsageError(`--out is required; ${USAGE}`);
  const out = resolve(values.out);
  const config = loadConfig({ dataDir: context.dataDir });
  // Ctrl-C or a stop signal: this process's half-written files go, nothing appears under the name
  const interrupted = (signal: NodeJS.Signals) => {
    const mine = `${basename(out)}.`;
    for (const name of readdirSync(dirname(out))) {
      if (name.startsWith(mine) && new RegExp(`\\.(partial|scratch)-${process.pid}-`).test(name))
        rmSync(join(dirname(out), name), { recursive: true, force: true });
    }
    process.stderr.write(`\nsegl: backup interrupted (${signal}); nothing was written to ${out}\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const progress = terminalProgress();
  const summary = await runBackup({
    config,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    out,
    includeKek: values['include-kek'] === true,
    onProgress: (p) => progress.update(`backup: ${p.phase} ${p.done}/${p.total}`),
  });
  progress.done();
  if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    process.stdout.write(
      `backup written to ${summary.file}: ${summary.documents} documents, ${summary.blobs} blobs, ` +
        `${(summary.bytes / 1048576).toFixed(1)} MiB (${summary.dialect}, ${summary.ms} ms)\n`,
    );
  }
  if (!summary.kekIncluded) {
    process.stderr.write(
      `segl: the KEK is NOT in this backup (KEK id ${summary.kekId}); without that key no document in it can be ` +
        'decrypted. Keep a copy of the key apart from the backup (or pass --include-kek and protect the file like ' +
        'the key itself).\n',
    );
  } else {
    process.stderr.write(
      'segl: this backup CONTAINS the KEK: whoever holds the file can read every document in it. ' +
        'Store it encrypted and access-controlled.\n',
    );
  }
  return EXIT.ok;
}
