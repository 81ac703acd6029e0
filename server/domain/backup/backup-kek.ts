import { existsSync } from 'node:fs';
import { parseKeyEncryptionKey } from '../../crypto/key-encryption-key.js';
import { SeglError } from '../../lib/errors.js';
import type { Config } from '../../lib/config.js';
import { kekFilePaths, readKekFile } from '../keys/kek-files.js';

/**
 * The KEK the appliance runs with now (SEGL_KEK or DATA/kek), never created here: a backup of a data directory
 * without a key would be useless, and making one up would hide that. A rotation in progress is refused, since
 * its documents are wrapped by two keys at once.
 */
export async function currentKek(config: Config): Promise<Uint8Array> {
  const files = kekFilePaths(config.dataDir);
  if (existsSync(files.next)) {
    throw new SeglError({
      code: 'key_rotation_in_progress',
      message: 'a key rotation is unfinished (DATA/kek.next exists): finish `segl keys rotate` first',
    });
  }
  if (config.kek) return parseKeyEncryptionKey(config.kek, 'SEGL_KEK');
  const fromFile = await readKekFile(files.current);
  if (!fromFile)
    throw new SeglError({
      code: 'kek_missing',
      message: `no KEK: set SEGL_KEK or keep it in ${files.current}`,
      status: 409,
    });
  return fromFile;
}
