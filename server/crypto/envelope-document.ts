import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import * as openpgp from 'openpgp';
import { CryptoError } from './crypto-error.js';
import { writeSeipdV2Message } from './envelope-seipd-writer.js';

/**
 * The per-document envelope: every stored PDF version is an OpenPGP message holding only a SEIPDv2 packet
 * (AES-256-GCM, RFC 9580) under the document's random session key. No key packet is written: the session key lives
 * only wrapped by the KEK in the database, so a blob alone reveals nothing. Never OCB (slow in openpgp.js).
 */

const SESSION_KEY_BYTES = 32;
/** 2^(16+6) = 4 MiB per AEAD chunk: the RFC's maximum, fastest in openpgp.js; decryption holds one chunk. */
const AEAD_CHUNK_SIZE_BYTE = 16;

const ENCRYPT_CONFIG = {
  aeadProtect: true,
  preferredAEADAlgorithm: openpgp.enums.aead.gcm,
  preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256,
  preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed,
  aeadChunkSizeByte: AEAD_CHUNK_SIZE_BYTE,
};

export function createDocumentSessionKey(): Uint8Array {
  return new Uint8Array(randomBytes(SESSION_KEY_BYTES));
}

function sessionKeyOf(sessionKey: Uint8Array) {
  if (sessionKey.byteLength !== SESSION_KEY_BYTES) {
    throw new CryptoError({ code: 'invalid_session_key', message: 'a document session key is 32 bytes' });
  }
  return { data: sessionKey, algorithm: 'aes256' as const, aeadAlgorithm: 'gcm' as const };
}

type Source = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

function toWebStream(source: Source): WebReadableStream<Uint8Array> {
  const readable =
    source instanceof Readable ? source : Readable.from(source as AsyncIterable<Uint8Array>, { objectMode: false });
  return Readable.toWeb(readable) as WebReadableStream<Uint8Array>;
}

/**
 * Encrypts a stream of plaintext into the OpenPGP message, as a stream (nothing is held whole). With the size known
 * up front, Segl's own writer of the same format does it at the cipher's speed; otherwise openpgp.js.
 */
export async function encryptDocumentStream(options: {
  plaintext: Source;
  sessionKey: Uint8Array;
  plaintextSize?: number;
}): Promise<Readable> {
  if (options.plaintextSize !== undefined) {
    sessionKeyOf(options.sessionKey);
    return Readable.from(
      writeSeipdV2Message({
        plaintext: options.plaintext,
        plaintextSize: options.plaintextSize,
        sessionKey: options.sessionKey,
        chunkSizeByte: AEAD_CHUNK_SIZE_BYTE,
      }),
      { objectMode: false },
    );
  }
  const message = await openpgp.createMessage({ binary: toWebStream(options.plaintext) as never, format: 'binary' });
  const encrypted = await openpgp.encrypt({
    message,
    format: 'binary',
    sessionKey: sessionKeyOf(options.sessionKey),
    config: ENCRYPT_CONFIG,
  });
  return Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>);
}

/**
 * Decrypts a stored message as a stream. Each AEAD chunk is authenticated before its plaintext is released; a wrong
 * key or a damaged blob fails with `envelope_corrupt` (at once or, for later chunks, as a stream error).
 */
export async function decryptDocumentStream(options: {
  ciphertext: Source;
  sessionKey: Uint8Array;
}): Promise<Readable> {
  try {
    const message = await openpgp.readMessage({ binaryMessage: toWebStream(options.ciphertext) as never });
    const decrypted = await openpgp.decrypt({
      message,
      format: 'binary',
      sessionKeys: sessionKeyOf(options.sessionKey),
    });
    return Readable.fromWeb(decrypted.data as unknown as WebReadableStream<Uint8Array>);
  } catch (cause) {
    throw new CryptoError({ code: 'envelope_corrupt', message: 'the stored document cannot be decrypted', cause });
  }
}
