/**
 * `node --import=tsx scripts/bench/verification-only.ts [--quick]`: just the verification section of `npm run bench`.
 */
import { measureVerification } from './verification-section.js';

measureVerification({ quick: process.argv.includes('--quick') }).then(
  (section) => process.stdout.write(`${JSON.stringify({ verification: section }, null, 2)}\n`),
  (error: unknown) => {
    process.stderr.write(`verification bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
