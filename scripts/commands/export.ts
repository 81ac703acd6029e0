import { closeSync, createWriteStream, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { EXIT, UsageError } from '../cli-output.js';
import { FolderAccess } from '../../server/domain/access/folder-access.js';
import { createExport } from '../../server/domain/export/create-export.js';
import type { CommandContext } from '../segl.js';
import { openCommandAppliance } from './open-command-appliance.js';

const USAGE = 'usage: segl export --out FILE.zip [--folder FOLDER_ID]';

function parseArguments(args: string[]): { out: string; folderId?: string } {
  let out: string | undefined;
  let folderId: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const match = /^--(out|folder)(?:=(.*))?$/.exec(args[i]!);
    if (!match) throw new UsageError(`unexpected argument "${args[i]}"; ${USAGE}`);
    const value = match[2] ?? args[++i];
    if (!value) throw new UsageError(`--${match[1]} needs a value; ${USAGE}`);
    if (match[1] === 'out') out = value;
    else if (/^[A-Za-z0-9_-]{1,64}$/.test(value)) folderId = value;
    else throw new UsageError(`--folder must be a folder id, not "${value}"`);
  }
  if (!out) throw new UsageError(`--out is required; ${USAGE}`);
  return { out: resolve(out), folderId };
}

/**
 * `segl export --out FILE.zip [--folder ID]`: the whole archive (or one folder's subtree) as a ZIP, as the operator.
 * Written to a temporary file beside the target, fsynced and renamed over it: never a half-written archive under
 * that name (an earlier export of the same name stays until the new one is whole).
 */
export async function runExport(context: CommandContext): Promise<number> {
  const { out, folderId } = parseArguments(context.args);
  if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory())
    throw new UsageError(`cannot write ${out}: ${dirname(out)} is not a directory`);
  const deps = await openCommandAppliance(context);
  const temporary = join(dirname(out), `.${basename(out)}.tmp-${randomBytes(6).toString('hex')}`);
  // Ctrl-C or a stop signal: no half-written temporary file is left behind
  const interrupted = (signal: NodeJS.Signals) => {
    rmSync(temporary, { force: true });
    process.stderr.write(`\nsegl: export interrupted (${signal}); nothing was written to ${out}\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const operator = {
      userId: 'operator',
      email: '',
      name: 'segl export',
      role: 'admin' as const,
      via: 'token' as const,
      scopes: ['*'],
    };
    const access = await FolderAccess.load({ db: deps.db, principal: operator });
    if (folderId && !access.folderExists(folderId)) throw new UsageError(`no folder with id "${folderId}"`);
    const interactive = process.stderr.isTTY === true;
    const started = performance.now();
    let lastLine = 0;
    const { stream, finished } = await createExport({
      archive: deps.archive,
      access,
      folderId,
      operator: true,
      rootCertificatePem: deps.sealer.rootCertificatePem(),
      onProgress: ({ done, total }) => {
        const line = `export: ${done}/${total} documents`;
        if (interactive) process.stderr.write(`\r\x1b[K${line}`);
        else if (done === total || performance.now() - lastLine > 2000) {
          lastLine = performance.now();
          process.stderr.write(`${line}\n`);
        }
      },
    });
    await pipeline(stream, createWriteStream(temporary, { flags: 'wx', mode: 0o600 }));
    const summary = await finished;
    const fd = openSync(temporary, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, out);
    const directory = openSync(dirname(out), 'r');
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
    if (interactive) process.stderr.write('\n');
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `exported ${summary.documents} documents (${summary.pdfs} PDFs, ${(summary.bytes / 1e6).toFixed(1)} MB) ` +
        `and ${summary.deleted} tombstones to ${out} in ${seconds.toFixed(2)} s\n`,
    );
    return EXIT.ok;
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await deps.db.close();
  }
}
