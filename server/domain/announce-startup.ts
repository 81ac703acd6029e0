import type { Config } from '../lib/config.js';
import type { Database } from '../storage/database.js';

/** What a fresh start prints: where Segl runs and, while no administrator exists, the one-time setup link. */
export async function announceStartup(options: { db: Database; config: Config; url: string; write: (line: string) => void }): Promise<void> {
  const { config, write } = options;
  write(`Segl is running at ${options.url} (public URL ${config.publicUrl}, data in ${config.dataDir})`);
}
