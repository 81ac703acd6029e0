/**
 * The hostile load of the verification bench, in a process of its own so that the probe measuring /healthz and
 * lookups does not share an event loop with ten upload streams (it would time its own stalls):
 *   node --import=tsx scripts/bench/hostile-uploads-child.ts URL CLIENTS FILE...
 * Prints `ready` once the files are read, uploads them round-robin from CLIENTS concurrent clients until its stdin
 * ends, then prints one JSON line: the answers by status and the median upload time.
 */
import { readFileSync } from 'node:fs';
import { percentile, round } from './stats.js';
import { uploadForVerification } from './verify-upload.js';

async function main(): Promise<void> {
  const [url, clientsArgument, ...files] = process.argv.slice(2);
  const clients = Number(clientsArgument);
  if (!url || !Number.isInteger(clients) || clients < 1 || files.length === 0)
    throw new Error('usage: hostile-uploads-child.ts URL CLIENTS FILE...');
  const hostile = files.map((file) => readFileSync(file));
  let stop = false;
  process.stdin.on('end', () => (stop = true)).resume();
  const answers: Record<string, number> = {};
  const times: number[] = [];
  process.stdout.write('ready\n');
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = client; !stop; i += 1) {
        const started = performance.now();
        const status = await uploadForVerification(url, hostile[i % hostile.length]!).then(
          async (response) => {
            await response.arrayBuffer();
            return response.status;
          },
          () => 0,
        );
        answers[status] = (answers[status] ?? 0) + 1;
        times.push(performance.now() - started);
      }
    }),
  );
  process.stdout.write(`${JSON.stringify({ answers, medianMs: round(percentile(times, 50)) })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`hostile uploads failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
