/**
 * `node --import=tsx scripts/bench/archive-listing-only.ts [--quick]`: list and search latency at 100,000 documents
 * only.
 */
import { openAppliance } from '../../server/main.js';
import { loadConfig } from '../../server/lib/config.js';
import { createLogger } from '../../server/lib/logger.js';
import { measureArchiveListing } from './archive-listing.js';
import { createWorkDir } from './inputs.js';

const quick = process.argv.includes('--quick');
const work = createWorkDir();
try {
  const config = loadConfig({ dataDir: work.dataDir, env: { PORT: '0' } });
  const deps = await openAppliance({ config, logger: createLogger({ level: 'silent' }) });
  try {
    const listing = await measureArchiveListing({ deps, count: quick ? 20_000 : 100_000, runs: quick ? 10 : 40 });
    process.stdout.write(`${JSON.stringify({ archiveListing: listing }, null, 2)}\n`);
  } finally {
    await deps.close();
  }
} finally {
  work.remove();
}
