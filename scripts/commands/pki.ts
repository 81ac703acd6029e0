import { EXIT, UsageError } from '../cli-output.js';
import { openSealer } from '../../server/domain/sealer.js';
import { loadConfig } from '../../server/lib/config.js';
import type { CommandContext } from '../segl.js';

export async function runPki(context: CommandContext): Promise<number> {
  const [sub] = context.args.filter((a) => !a.startsWith('-'));
  if (sub !== 'root') throw new UsageError('usage: segl pki root');
  const sealer = await openSealer({ config: loadConfig({ dataDir: context.dataDir }) });
  process.stdout.write(sealer.rootCertificatePem());
  return EXIT.ok;
}
