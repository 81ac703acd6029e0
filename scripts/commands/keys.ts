import { EXIT, UsageError } from '../cli-output.js';
import { runKeyRotation } from '../../server/domain/keys/run-key-rotation.js';
import { loadConfig } from '../../server/lib/config.js';
import type { CommandContext } from '../segl.js';
import { runExportDocumentKey } from './export-document-key.js';

function batchSizeFrom(args: string[]): number | undefined {
  const index = args.indexOf('--batch-size');
  if (index < 0) return undefined;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 10_000)
    throw new UsageError('--batch-size needs a whole number from 1 to 10000');
  return value;
}

/** `segl keys rotate [--batch-size N]`: a new KEK; document keys, TOTP secrets and PKI keys re-wrapped; resumable. */
export async function runKeys(context: CommandContext): Promise<number> {
  if (context.args[0] === 'export-document-key') return runExportDocumentKey(context, context.args.slice(1));
  const [sub] = context.args.filter((a) => !a.startsWith('-') && !/^\d+$/.test(a));
  const usage = 'usage: segl keys rotate [--batch-size N] | segl keys export-document-key DOCUMENT_ID|CODE [--json]';
  if (sub !== 'rotate') throw new UsageError(usage);
  const config = loadConfig({ dataDir: context.dataDir });
  const nextKek = config.kekNext;
  const result = await runKeyRotation({
    config,
    nextKek,
    batchSize: batchSizeFrom(context.args),
    onProgress: (p) => process.stdout.write(`${p.phase}: ${p.done}/${p.total}\n`),
  });
  process.stdout.write(
    `${result.resumed ? 'resumed and finished' : 'finished'} key rotation: ${result.documentKeys} document keys, ` +
      `${result.totpSecrets} TOTP secrets, ${result.pkiKeys} PKI keys re-wrapped ` +
      `(KEK ${result.oldKekId} -> ${result.newKekId})\n`,
  );
  if (result.mode === 'environment') {
    process.stdout.write(
      'SEGL_KEK comes from the environment: now set SEGL_KEK to the value of SEGL_KEK_NEXT ' +
        'everywhere the appliance runs, remove SEGL_KEK_NEXT, restart, and only then destroy the ' +
        'old key. Until the restart the appliance cannot open its keys (run the rotation with the ' +
        'appliance stopped; if it was interrupted, rerun it with the same two variables).\n',
    );
  } else {
    process.stdout.write(
      `The new KEK is in ${config.dataDir}/kek. Restart running appliances so that logins use it, ` +
        `and update any backup of the key.\n`,
    );
  }
  return EXIT.ok;
}
