import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A streaming writer of the OpenPGP message Segl stores (RFC 9580): one version 2 Symmetrically Encrypted and
 * Integrity Protected Data packet (AES-256, GCM) around one Literal Data packet, with Node's own AES-GCM per chunk.
 * openpgp.js reads it (the tests decrypt every written blob with openpgp.js); it exists because openpgp.js's stream
 * plumbing encrypts at a third of the speed of the cipher itself. The format, per RFC 9580 section 5.13.2:
 *
 *   packet header 0xD2 (tag 18, new format), 5-octet length
 *   version 2 | cipher 9 (AES-256) | AEAD 3 (GCM) | chunk size octet c | salt (32)
 *   for each chunk i of 2^(c+6) plaintext octets: AES-GCM(key, nonce = iv(4) || i (8, big endian), ad) || tag(16)
 *   final tag: AES-GCM over nothing with nonce(n = chunk count) and ad || total plaintext octets (8, big endian)
 *
 * where ad = 0xD2 | 2 | 9 | 3 | c and key || iv = HKDF-SHA256(session key, salt, info = ad, 32 + 12) (iv: first 4).
 */

const TAG = 0xd2;
const VERSION = 2;
const AES_256 = 9;
const GCM = 3;
const TAG_LENGTH = 16;
const LITERAL_TAG = 0xcb;

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

function uint64(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
}

/** Re-chunks a byte stream into pieces of exactly `size` (the last may be shorter). */
async function* exactChunks(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  size: number,
): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of source) {
    let chunk = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (pendingBytes + chunk.length >= size) {
      const take = size - pendingBytes;
      pending.push(chunk.subarray(0, take));
      yield pending.length === 1 ? pending[0] : Buffer.concat(pending, size);
      pending = [];
      pendingBytes = 0;
      chunk = chunk.subarray(take);
    }
    if (chunk.length) {
      pending.push(chunk);
      pendingBytes += chunk.length;
    }
  }
  if (pendingBytes) yield Buffer.concat(pending, pendingBytes);
}

export async function* writeSeipdV2Message(options: {
  plaintext: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** The exact number of plaintext bytes (the packets carry their lengths up front). */
  plaintextSize: number;
  sessionKey: Uint8Array;
  chunkSizeByte: number;
  date?: Date;
}): AsyncGenerator<Uint8Array> {
  const { plaintextSize, chunkSizeByte } = options;
  const chunkSize = 2 ** (chunkSizeByte + 6);
  const literalBodyLength = 6 + plaintextSize;
  if (literalBodyLength > 0xffffffff - 64 * 1024 * 1024) throw new RangeError('document too large for one packet');
  // Literal Data packet: binary, no file name, date.
  const literalHeader = Buffer.concat([
    Buffer.from([LITERAL_TAG, 0xff]),
    uint32(literalBodyLength),
    Buffer.from([0x62, 0]),
    uint32(Math.floor((options.date ?? new Date()).getTime() / 1000)),
  ]);
  const total = literalHeader.length + plaintextSize;
  const chunks = Math.max(1, Math.ceil(total / chunkSize));
  const bodyLength = 4 + 32 + total + chunks * TAG_LENGTH + TAG_LENGTH;

  const ad = Buffer.from([TAG, VERSION, AES_256, GCM, chunkSizeByte]);
  const salt = randomBytes(32);
  const derived = Buffer.from(hkdfSync('sha256', options.sessionKey, salt, ad, 32 + 12));
  const key = derived.subarray(0, 32);
  const iv = derived.subarray(32, 36);
  const seal = (data: Buffer, index: number, extra?: Buffer): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', key, Buffer.concat([iv, uint64(index)]), {
      authTagLength: TAG_LENGTH,
    });
    cipher.setAAD(extra ? Buffer.concat([ad, extra]) : ad);
    const head = cipher.update(data);
    const tail = cipher.final();
    return Buffer.concat([head, tail, cipher.getAuthTag()]);
  };

  yield Buffer.concat([Buffer.from([TAG, 0xff]), uint32(bodyLength), ad.subarray(1), salt]);
  let index = 0;
  let seen = 0;
  async function* withHeader() {
    yield literalHeader;
    yield* options.plaintext;
  }
  for await (const chunk of exactChunks(withHeader(), chunkSize)) {
    seen += chunk.length;
    if (seen > total) throw new RangeError('the plaintext is longer than announced');
    yield seal(chunk, index);
    index += 1;
  }
  if (seen !== total) throw new RangeError('the plaintext is shorter than announced');
  yield seal(Buffer.alloc(0), index, uint64(total));
  derived.fill(0);
}
