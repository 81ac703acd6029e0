import { EXIT } from '../cli-output.js';
import { startAppliance } from '../../server/main.js';
import type { CommandContext } from '../segl.js';

export async function runServe(context: CommandContext): Promise<number> {
  const appliance = await startAppliance({ dataDir: context.dataDir });
  const stop = async (signal: string) => {
    process.stderr.write(`segl: ${signal} received, stopping\n`);
    await appliance.close();
    process.exit(EXIT.ok);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await new Promise(() => undefined);
  return EXIT.ok;
}
