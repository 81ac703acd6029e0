/** `node --import=tsx scripts/bench/portal-only.ts [--quick]`: just the portal section of `npm run bench`. */
import { measurePortal } from './portal-section.js';

measurePortal({ quick: process.argv.includes('--quick') }).then(
  (section) => process.stdout.write(`${JSON.stringify({ portal: section }, null, 2)}\n`),
  (error: unknown) => {
    process.stderr.write(`portal bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
