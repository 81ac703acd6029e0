import type { Config } from '../../lib/config.js';
import type { Logger } from '../../lib/logger.js';
import { openDatabase } from '../../storage/database.js';
import { rotateKeyEncryptionKey, type RotationProgress, type RotationResult } from './rotate-key-encryption-key.js';

/** `segl keys rotate` without a running server: opens the configured database, rotates, closes. */
export async function runKeyRotation(options: {
  config: Config;
  nextKek?: string;
  batchSize?: number;
  logger?: Logger;
  onProgress?: (progress: RotationProgress) => void;
}): Promise<RotationResult> {
  const db = await openDatabase({ dataDir: options.config.dataDir, databaseUrl: options.config.databaseUrl, logger: options.logger });
  try {
    return await rotateKeyEncryptionKey({
      db,
      dataDir: options.config.dataDir,
      environmentKek: options.config.kek,
      environmentNextKek: options.nextKek,
      batchSize: options.batchSize,
      onProgress: options.onProgress,
    });
  } finally {
    await db.close();
  }
}
