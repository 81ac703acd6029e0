/** `node --import=tsx scripts/bench/cli-only.ts [--quick]`: just the CLI start-up section of `npm run bench`. */
import { measureCli } from './cli-section.js';

measureCli({ quick: process.argv.includes('--quick') }).then(
  (section) => process.stdout.write(`${JSON.stringify({ cli: section }, null, 2)}\n`),
  (error: unknown) => {
    process.stderr.write(`cli bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
