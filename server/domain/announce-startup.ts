import type { Config } from '../lib/config.js';
import type { Database } from '../storage/database.js';
import { issueSetupToken } from './users/setup-first-admin.js';

/**
 * What a fresh start prints: where Segl runs and, while no administrator exists, a one-time setup link (a new one
 * on every start; only its hash is stored, and it dies once the first administrator exists).
 */
export async function announceStartup(options: {
  db: Database;
  config: Config;
  url: string;
  write: (line: string) => void;
}): Promise<void> {
  const { config, write } = options;
  write(`Segl is running at ${options.url} (public URL ${config.publicUrl}, data in ${config.dataDir})`);
  const token = await issueSetupToken({ db: options.db });
  if (token) {
    write('No administrator exists yet. Open this one-time link to create the first one:');
    write(`  ${config.publicUrl}/setup/${token}`);
  }
}
