import { fingerprintKek } from '../../crypto/envelope-key-wrap.js';
import { SeglError } from '../../lib/errors.js';
import { kekFilePaths, readKekFile } from './kek-files.js';

/**
 * Every KEK that may wrap a document key right now: the one the appliance started with and, from the data
 * directory, the current and next KEK files. Rows carry the id of the KEK that wraps them, so during (and after)
 * a rotation by `segl keys rotate` a running server still finds the right key; unknown ids re-read the files.
 */
export interface KeyRing {
  /** The key that wraps new document keys: the next KEK while a rotation runs, else the current one. */
  wrappingKey(): Promise<{ kek: Uint8Array; kekId: string }>;
  keyFor(kekId: string): Promise<Uint8Array>;
  /** Every KEK that may wrap a secret now, the wrapping key first (for secrets stored without a KEK id). */
  candidates(): Promise<Uint8Array[]>;
}

/** A fixed KEK (tests, the CLI) or the appliance's key ring (a running server, across `segl keys rotate`). */
export type KekSource = Uint8Array | KeyRing;

export async function wrappingKeyOf(source: KekSource): Promise<Uint8Array> {
  return source instanceof Uint8Array ? source : (await source.wrappingKey()).kek;
}

export async function candidateKeysOf(source: KekSource): Promise<Uint8Array[]> {
  return source instanceof Uint8Array ? [source] : source.candidates();
}

export function openKeyRing(options: {
  dataDir: string;
  kek: Uint8Array /** SEGL_KEK came from the environment */;
  fromEnvironment: boolean;
}): KeyRing {
  const keys = new Map<string, Uint8Array>([[fingerprintKek(options.kek), options.kek]]);
  const files = kekFilePaths(options.dataDir);
  const remember = (kek: Uint8Array | undefined) => {
    if (kek) keys.set(fingerprintKek(kek), kek);
    return kek;
  };
  return {
    async wrappingKey() {
      const next = remember(await readKekFile(files.next));
      const current = options.fromEnvironment
        ? options.kek
        : (remember(await readKekFile(files.current)) ?? options.kek);
      const kek = next ?? current;
      return { kek, kekId: fingerprintKek(kek) };
    },
    async candidates() {
      const first = (await this.wrappingKey()).kek;
      return [first, ...[...keys.values()].filter((kek) => kek !== first)];
    },
    async keyFor(kekId) {
      if (!keys.has(kekId)) {
        remember(await readKekFile(files.next));
        remember(await readKekFile(files.current));
      }
      const kek = keys.get(kekId);
      if (!kek) {
        throw new SeglError({
          code: 'kek_unknown',
          message:
            'the key-encryption key that wraps this document is not loaded (finish `segl keys rotate` and restart)',
        });
      }
      return kek;
    },
  };
}
