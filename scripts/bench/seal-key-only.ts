/**
 * `node --import=tsx scripts/bench/seal-key-only.ts [--quick]`: just the organisation's-seal section of `npm run
 * bench`.
 */
import { measureSealKey } from './seal-key-section.js';

measureSealKey({ quick: process.argv.includes('--quick') }).then(
  (section) => process.stdout.write(`${JSON.stringify({ sealKey: section }, null, 2)}\n`),
  (error: unknown) => {
    process.stderr.write(`seal key bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
