import { EXIT, UsageError } from '../cli-output.js';
import { describeApi } from '../../server/main.js';
import { loadConfig } from '../../server/lib/config.js';
import type { CommandContext } from '../segl.js';

/** `segl openapi`: the HTTP API's OpenAPI 3.1 document (what /api/v1/openapi.json serves) as JSON on stdout. */
export async function runOpenApi(context: CommandContext): Promise<number> {
  if (context.args.length) throw new UsageError('usage: segl openapi');
  const { publicUrl } = loadConfig({ dataDir: context.dataDir });
  process.stdout.write(`${JSON.stringify(describeApi({ publicUrl }), null, 2)}\n`);
  return EXIT.ok;
}
