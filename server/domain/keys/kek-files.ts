import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseKeyEncryptionKey } from '../../crypto/key-encryption-key.js';

/** The KEK file (DATA/kek) and, while a rotation is unfinished, the next KEK (DATA/kek.next). */
export function kekFilePaths(dataDir: string): { current: string; next: string } {
  return { current: path.join(dataDir, 'kek'), next: path.join(dataDir, 'kek.next') };
}

export async function readKekFile(file: string): Promise<Uint8Array | undefined> {
  try {
    return parseKeyEncryptionKey(await fs.readFile(file, 'utf8'), `KEK file ${file}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
