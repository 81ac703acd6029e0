import { EXIT, UsageError } from '../cli-output.js';
import { openSigningContext } from '../../server/domain/signing-context.js';
import { loadConfig } from '../../server/lib/config.js';
import type { CommandContext } from '../segl.js';

export async function runPki(context: CommandContext): Promise<number> {
  const [sub] = context.args.filter((a) => !a.startsWith('-'));
  if (sub !== 'root') throw new UsageError('usage: segl pki root');
  const signing = await openSigningContext({ config: loadConfig({ dataDir: context.dataDir }) });
  process.stdout.write(signing.rootCertificatePem());
  return EXIT.ok;
}
