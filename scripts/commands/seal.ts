import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EXIT, UsageError } from '../cli-output.js';
import { openSealer, type Sealer, parsePadesLevel } from '../../server/domain/sealer.js';
import { loadConfig } from '../../server/lib/config.js';
import { isSeglError } from '../../server/lib/errors.js';
import type { CommandContext } from '../segl.js';

const BATCH_CONCURRENCY = 4;

export async function runSeal(context: CommandContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: context.args,
      options: { level: { type: 'string', default: 'B-LTA' }, batch: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const level = parsePadesLevel(values.level ?? 'B-LTA');
  if (positionals.length !== 2) {
    throw new UsageError(
      values.batch
        ? 'usage: segl seal --batch IN_DIR OUT_DIR [--level ...]'
        : 'usage: segl seal IN.pdf OUT.pdf [--level B-B|B-T|B-LT|B-LTA]',
    );
  }
  const [input, output] = positionals;
  if (!values.batch) {
    if (!existsSync(input) || !statSync(input).isFile()) throw new UsageError(`no such file: ${input}`);
    const sealer = await openSealer({ config: loadConfig({ dataDir: context.dataDir }) });
    const started = performance.now();
    const result = await sealer.sealFile({ input, output, level });
    process.stderr.write(`sealed ${output} at ${result.level} in ${Math.round(performance.now() - started)} ms\n`);
    return EXIT.ok;
  }
  if (!existsSync(input) || !statSync(input).isDirectory()) throw new UsageError(`no such folder: ${input}`);
  mkdirSync(output, { recursive: true });
  const sealer = await openSealer({ config: loadConfig({ dataDir: context.dataDir }) });
  return sealBatch({ sealer, inputDir: input, outputDir: output, level });
}

async function sealBatch(options: {
  sealer: Sealer;
  inputDir: string;
  outputDir: string;
  level: ReturnType<typeof parsePadesLevel>;
}): Promise<number> {
  const files = readdirSync(options.inputDir)
    .filter((name) => name.toLowerCase().endsWith('.pdf') && statSync(join(options.inputDir, name)).isFile())
    .sort();
  const started = performance.now();
  const failures: { name: string; reason: string }[] = [];
  let done = 0;
  let bytes = 0;
  const interactive = process.stderr.isTTY === true;
  const progress = (name: string, outcome: string) => {
    const line = `[${done}/${files.length}] ${name}: ${outcome}`;
    if (interactive) process.stderr.write(`\r\x1b[K${line}`);
    else process.stderr.write(`${line}\n`);
  };
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const name = files[next++];
      try {
        const result = await options.sealer.sealFile({
          input: join(options.inputDir, name),
          output: join(options.outputDir, basename(name)),
          level: options.level,
        });
        bytes += result.inputBytes;
        done += 1;
        progress(name, `sealed ${result.level}`);
      } catch (error) {
        done += 1;
        const reason = isSeglError(error) ? `${error.message} [${error.code}]` : (error as Error).message;
        failures.push({ name, reason });
        progress(name, `refused: ${reason}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, files.length) }, worker));
  if (interactive) process.stderr.write('\n');
  const seconds = (performance.now() - started) / 1000;
  const sealed = files.length - failures.length;
  for (const failure of failures) process.stderr.write(`refused ${failure.name}: ${failure.reason}\n`);
  process.stderr.write(
    `sealed ${sealed} of ${files.length} documents at ${options.level} in ${seconds.toFixed(2)} s ` +
      `(${(sealed / Math.max(seconds, 1e-9)).toFixed(1)} documents/s, ` +
      `${(bytes / 1e6 / Math.max(seconds, 1e-9)).toFixed(1)} MB/s)` +
      (failures.length ? `; ${failures.length} refused` : '') +
      '\n',
  );
  return failures.length ? EXIT.error : EXIT.ok;
}
