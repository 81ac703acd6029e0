import { EXIT } from '../cli-output.js';
import { startAppliance } from '../../server/main.js';
import type { CommandContext } from '../segl.js';

/** How long a stop may take: in-flight requests and a running seal finish within it (Docker: stop_grace_period). */
const SHUTDOWN_LIMIT_MS = 50_000;

/**
 * `segl serve`. On SIGTERM or SIGINT it stops accepting connections, lets requests in flight finish, lets a running
 * job (a seal) finish, then closes the database. If that takes longer than the limit, or a second signal comes, it
 * exits at once: an unfinished job keeps its lease in the database and is run again when the lease runs out (at the
 * next start on SQLite).
 */
export async function runServe(context: CommandContext): Promise<number> {
  const appliance = await startAppliance({ dataDir: context.dataDir });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      process.stderr.write(`segl: ${signal} again, exiting now; unfinished jobs run again later\n`);
      process.exit(EXIT.error);
    }
    stopping = true;
    process.stderr.write(`segl: ${signal} received, finishing requests and jobs in progress\n`);
    setTimeout(() => {
      process.stderr.write(
        `segl: still busy after ${SHUTDOWN_LIMIT_MS / 1000} s, exiting; unfinished jobs run again later\n`,
      );
      process.exit(EXIT.error);
    }, SHUTDOWN_LIMIT_MS).unref();
    await appliance.close();
    process.stderr.write('segl: stopped\n');
    process.exit(EXIT.ok);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await new Promise(() => undefined);
  return EXIT.ok;
}
