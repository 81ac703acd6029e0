/** `node --import=tsx scripts/bench/signing-only.ts [--quick]`: just the signing section of `npm run bench`. */
import { measureSigning } from './signing-section.js';

measureSigning({ quick: process.argv.includes('--quick') }).then(
  (section) => process.stdout.write(`${JSON.stringify({ signing: section }, null, 2)}\n`),
  (error: unknown) => {
    process.stderr.write(`signing bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
