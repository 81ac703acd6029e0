import type { Config } from '../lib/config.js';
import type { Logger } from '../lib/logger.js';
import { openDatabase, type Database } from '../storage/database.js';

/**
 * For a CLI command without a running appliance of its own: opens the database the configuration names (no blob
 * repair, no jobs), runs `work` with it and closes it again.
 */
export async function withConfiguredDatabase<Result>(
  options: { config: Config; logger?: Logger },
  work: (db: Database) => Promise<Result>,
): Promise<Result> {
  const { config, logger } = options;
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, logger });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
