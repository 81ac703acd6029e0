import type { Config } from '../../lib/config.js';
import type { Logger } from '../../lib/logger.js';
import { withConfiguredDatabase } from '../with-configured-database.js';
import { rotateKeyEncryptionKey, type KekRotationOptions, type RotationResult } from './rotate-key-encryption-key.js';

/** `segl keys rotate` without a running server: opens the configured database, rotates, closes. */
export async function runKeyRotation(
  options: Pick<KekRotationOptions, 'batchSize' | 'onProgress'> & { config: Config; nextKek?: string; logger?: Logger },
): Promise<RotationResult> {
  return withConfiguredDatabase(options, (db) =>
    rotateKeyEncryptionKey({
      db,
      dataDir: options.config.dataDir,
      environmentKek: options.config.kek,
      environmentNextKek: options.nextKek,
      batchSize: options.batchSize,
      onProgress: options.onProgress,
    }),
  );
}
