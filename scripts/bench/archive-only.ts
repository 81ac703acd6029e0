/** `node --import=tsx scripts/bench/archive-only.ts [--quick]`: just the archive section of `npm run bench`. */
import { measureArchive } from './archive-section.js';

measureArchive({ quick: process.argv.includes('--quick') }).then(
  (section) => process.stdout.write(`${JSON.stringify({ archive: section }, null, 2)}\n`),
  (error: unknown) => {
    process.stderr.write(`archive bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
