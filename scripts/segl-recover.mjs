#!/usr/bin/env node
// segl-recover: reads Segl's encrypted document blobs without Segl. Needs Node.js 18 or later and nothing else
// (no npm packages, no Segl checkout): copy this one file next to the data directory and run it.
//
// Storage format (README, "Storage format"): every stored PDF version is an OpenPGP message (RFC 9580) made of one
// Symmetrically Encrypted and Integrity Protected Data packet, version 2 (AES-256, GCM, 32-byte salt, chunked),
// around one Literal Data packet. Key packets (PKESK/SKESK), markers and padding before it are skipped if present.
// The 32-byte session key is stored in the database only wrapped by the key-encryption key (KEK):
// base64(0x01 || iv(12) || tag(16) || AES-256-GCM(KEK, iv, session key, aad = "segl/document-key/<document id>")).

import { createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync, renameSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join, resolve } from 'node:path';
import { createInflate, createInflateRaw } from 'node:zlib';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const USAGE = `Usage:
  node segl-recover.mjs --session-key KEY BLOB --out FILE.pdf
  node segl-recover.mjs --kek-file KEK_FILE --document-id ID --wrapped-key BASE64 BLOB --out FILE.pdf
  node segl-recover.mjs --kek-file KEK_FILE --manifest MANIFEST.json --blobs DATA/blobs --out DIR
  node segl-recover.mjs --manifest-sql sqlite|postgres

  --session-key KEY        the document's session key: 64 hex digits (as segl keys export-document-key prints it),
                           base64, or 9:HEX; --session-key-file FILE reads it from a file
  --kek-file FILE          the key-encryption key (DATA/kek: base64 or 64 hex digits); or set SEGL_KEK
  --document-id ID         the document the wrapped key belongs to (it is part of the key's authenticated data)
  --wrapped-key BASE64     document_keys.wrapped_key of that document
  --manifest FILE          JSON rows {documentId, code, kind, blobName, sha256, wrappedKey}: the output of the query
                           --manifest-sql prints (sqlite3 -json, or psql -At), to recover every document at once
  --blobs DIR              where the blob files are (DATA/blobs; files may be in two-character shard folders or flat)
  --out FILE|DIR|-         where the PDF goes (written to a temporary file, renamed once authenticated; - : stdout)
  --sha256 HEX             fail unless the decrypted file has this SHA-256 (document_blobs.sha256)
Exit status: 0 recovered, 1 a blob could not be decrypted or verified, 2 usage.`;

const MANIFEST_SQL = {
  sqlite: `SELECT d.id AS documentId, d.code AS code, b.kind AS kind, b.blob_name AS blobName, b.sha256 AS sha256,
  k.wrapped_key AS wrappedKey FROM documents d JOIN document_blobs b ON b.document_id = d.id
  JOIN document_keys k ON k.document_id = d.id ORDER BY d.code, b.kind`,
  postgres: `SELECT coalesce(json_agg(r), '[]') FROM (SELECT d.id AS "documentId", d.code AS code, b.kind AS kind,
  b.blob_name AS "blobName", b.sha256 AS sha256, k.wrapped_key AS "wrappedKey" FROM documents d
  JOIN document_blobs b ON b.document_id = d.id JOIN document_keys k ON k.document_id = d.id
  ORDER BY d.code, b.kind) r`,
};

class RecoveryError extends Error {}
class UsageError extends RecoveryError {}
const fail = (message) => {
  throw new RecoveryError(message);
};
const usage = (message) => {
  throw new UsageError(message);
};

/* ---------- bytes ---------- */

/** Pulls exact byte counts out of an async iterable of buffers without copying more than it must. */
class ByteReader {
  constructor(source) {
    this.iterator = source[Symbol.asyncIterator]();
    this.pieces = [];
    this.length = 0;
    this.ended = false;
  }

  /** True when at least `n` bytes are buffered (reading more as needed); false at the end of the input. */
  async fill(n) {
    while (this.length < n && !this.ended) {
      const { value, done } = await this.iterator.next();
      if (done) this.ended = true;
      else if (value.length) {
        this.pieces.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        this.length += value.length;
      }
    }
    return this.length >= n;
  }

  /** Up to `n` buffered bytes, as one buffer. */
  take(n) {
    const count = Math.min(n, this.length);
    const out = Buffer.allocUnsafe(count);
    let at = 0;
    while (at < count) {
      const piece = this.pieces[0];
      const used = Math.min(piece.length, count - at);
      piece.copy(out, at, 0, used);
      at += used;
      if (used === piece.length) this.pieces.shift();
      else this.pieces[0] = piece.subarray(used);
    }
    this.length -= count;
    return out;
  }

  async exact(n, what) {
    if (!(await this.fill(n))) fail(`the message ends inside ${what}`);
    return this.take(n);
  }

  async atEnd() {
    return !(await this.fill(1));
  }

  /** The next `n` bytes as pieces (n = Infinity: up to the end). */
  async *stream(n, what) {
    let left = n;
    while (left > 0) {
      if (!this.length && !(await this.fill(1))) {
        if (left === Infinity) return;
        fail(`the message ends inside ${what}`);
      }
      const piece = this.take(Math.min(left, this.length));
      left -= piece.length;
      yield piece;
    }
  }
}

/* ---------- OpenPGP packets (RFC 9580 section 4.2) ---------- */

const TAG = {
  pkesk: 1,
  signature: 2,
  skesk: 3,
  onePass: 4,
  compressed: 8,
  marker: 10,
  literal: 11,
  seipd: 18,
  padding: 21,
};

async function readLength(reader) {
  const first = (await reader.exact(1, 'a packet length'))[0];
  if (first < 192) return { length: first, partial: false };
  if (first < 224)
    return { length: ((first - 192) << 8) + (await reader.exact(1, 'a packet length'))[0] + 192, partial: false };
  if (first === 255) return { length: (await reader.exact(4, 'a packet length')).readUInt32BE(0), partial: false };
  return { length: 1 << (first & 0x1f), partial: true };
}

/** The next packet's tag and its body as pieces (partial lengths joined), or null at the end of the input. */
async function readPacket(reader) {
  if (await reader.atEnd()) return null;
  const header = (await reader.exact(1, 'a packet header'))[0];
  if (!(header & 0x80)) fail('not an OpenPGP message (bad packet header)');
  if (header & 0x40) {
    const tag = header & 0x3f;
    const first = await readLength(reader);
    async function* body() {
      let part = first;
      for (;;) {
        yield* reader.stream(part.length, `packet ${tag}`);
        if (!part.partial) return;
        part = await readLength(reader);
      }
    }
    return { tag, body: body() };
  }
  const tag = (header >> 2) & 0x0f;
  const type = header & 0x03;
  const length = type === 3 ? Infinity : (await reader.exact(1 << type, 'a packet length')).readUIntBE(0, 1 << type);
  return { tag, body: reader.stream(length, `packet ${tag}`) };
}

async function drain(pieces) {
  for await (const piece of pieces) void piece;
}

/* ---------- SEIPD version 2 (RFC 9580 section 5.13.2) ---------- */

const CIPHERS = {
  7: { name: 'aes-128-gcm', keyLength: 16 },
  8: { name: 'aes-192-gcm', keyLength: 24 },
  9: { name: 'aes-256-gcm', keyLength: 32 },
};
const GCM = 3;
const TAG_LENGTH = 16;

function uint64(value) {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
}

/** Decrypts the packet body; each chunk's plaintext is released only once its tag has been checked. */
async function* decryptSeipdV2(body, sessionKey) {
  const reader = new ByteReader(body);
  const [version, cipherId, aead, chunkSizeByte] = await reader.exact(4, 'the encrypted data header');
  if (version === 1) fail('this is a version 1 encrypted data packet (CFB), which Segl never writes');
  if (version !== 2) fail(`unknown encrypted data packet version ${version}`);
  const cipher = CIPHERS[cipherId] ?? fail(`cipher ${cipherId} is not AES (Segl writes 9, AES-256)`);
  if (aead !== GCM) fail(`AEAD mode ${aead} is not GCM (Segl writes 3, GCM)`);
  if (chunkSizeByte > 16) fail(`chunk size octet ${chunkSizeByte} is out of range`);
  if (sessionKey.length !== cipher.keyLength)
    fail(`the session key has ${sessionKey.length} bytes; this message needs ${cipher.keyLength}`);
  const salt = await reader.exact(32, 'the salt');
  const ad = Buffer.from([0xc0 | TAG.seipd, version, cipherId, aead, chunkSizeByte]);
  const derived = Buffer.from(hkdfSync('sha256', sessionKey, salt, ad, cipher.keyLength + 4));
  const key = derived.subarray(0, cipher.keyLength);
  const iv = derived.subarray(cipher.keyLength);
  const chunkSize = 2 ** (chunkSizeByte + 6);
  const open = (sealed, index, extra) => {
    const decipher = createDecipheriv(cipher.name, key, Buffer.concat([iv, uint64(index)]), {
      authTagLength: TAG_LENGTH,
    });
    decipher.setAAD(extra ? Buffer.concat([ad, extra]) : ad);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_LENGTH)), decipher.final()]);
    } catch {
      return fail(
        index === 0 && !extra
          ? 'the key does not open this blob (wrong key, or a damaged first chunk)'
          : `chunk ${index} is damaged or was altered`,
      );
    }
  };
  let index = 0;
  let total = 0;
  // a full chunk is known to be one once a final tag's worth of bytes follows it
  while (await reader.fill(chunkSize + 2 * TAG_LENGTH)) {
    const plaintext = open(reader.take(chunkSize + TAG_LENGTH), index);
    index += 1;
    total += plaintext.length;
    yield plaintext;
  }
  const rest = reader.take(reader.length);
  if (rest.length < TAG_LENGTH || (rest.length > TAG_LENGTH && rest.length < 2 * TAG_LENGTH))
    fail('the encrypted data is truncated');
  if (rest.length > TAG_LENGTH) {
    const plaintext = open(rest.subarray(0, rest.length - TAG_LENGTH), index);
    index += 1;
    total += plaintext.length;
    yield plaintext;
  }
  open(rest.subarray(rest.length - TAG_LENGTH), index, uint64(total));
}

/* ---------- the decrypted message: one Literal Data packet (RFC 9580 sections 5.9 and 5.6) ---------- */

async function* inflate(pieces, algorithm) {
  const source = Readable.from(pieces);
  const inflater = algorithm === 1 ? createInflateRaw() : createInflate();
  source.on('error', (error) => inflater.destroy(error));
  yield* source.pipe(inflater);
}

async function* literalContent(pieces, seen = { literal: false }) {
  const reader = new ByteReader(pieces);
  for (let packet = await readPacket(reader); packet; packet = await readPacket(reader)) {
    if (packet.tag === TAG.literal) {
      if (seen.literal) fail('the message holds more than one literal data packet');
      seen.literal = true;
      const body = new ByteReader(packet.body);
      await body.exact(1, 'the literal data format');
      const nameLength = (await body.exact(1, 'the literal data file name'))[0];
      await body.exact(nameLength + 4, 'the literal data header');
      yield* body.stream(Infinity, 'the literal data');
    } else if (packet.tag === TAG.compressed) {
      const body = new ByteReader(packet.body);
      const algorithm = (await body.exact(1, 'the compression algorithm'))[0];
      const rest = body.stream(Infinity, 'the compressed data');
      if (algorithm === 0) yield* literalContent(rest, seen);
      else if (algorithm === 1 || algorithm === 2) yield* literalContent(inflate(rest, algorithm), seen);
      else fail(`compression algorithm ${algorithm} is not supported (Segl does not compress)`);
    } else if ([TAG.marker, TAG.padding, TAG.onePass, TAG.signature].includes(packet.tag)) {
      await drain(packet.body);
    } else fail(`unexpected packet ${packet.tag} inside the encrypted data`);
  }
  if (!seen.literal) fail('the encrypted data holds no literal data packet');
}

/** The plaintext of a stored blob: key packets, markers and padding are skipped; the encrypted packet is opened. */
export async function* decryptBlob(ciphertext, sessionKey) {
  const reader = new ByteReader(ciphertext);
  let opened = false;
  for (let packet = await readPacket(reader); packet; packet = await readPacket(reader)) {
    if (packet.tag === TAG.seipd && !opened) {
      opened = true;
      yield* literalContent(decryptSeipdV2(packet.body, sessionKey));
    } else if ([TAG.pkesk, TAG.skesk, TAG.marker, TAG.padding].includes(packet.tag)) {
      await drain(packet.body);
    } else fail(`unexpected packet ${packet.tag} in the message`);
  }
  if (!opened) fail('the message holds no encrypted data packet');
}

/* ---------- keys ---------- */

function parseKey(text, what) {
  const value = text.trim().replace(/^9:/, '');
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && bytes.length === 32) return bytes;
  return fail(`${what} must be 32 bytes as 64 hex digits or base64`);
}

/** Unwraps a document key: version 1 || iv(12) || tag(16) || ciphertext, AES-256-GCM, aad "segl/document-key/<id>". */
export function unwrapDocumentKey({ kek, wrapped, documentId }) {
  const bytes = Buffer.from(wrapped.trim(), 'base64');
  if (bytes.length < 1 + 12 + TAG_LENGTH || bytes[0] !== 1) fail('the wrapped key has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', kek, bytes.subarray(1, 13), { authTagLength: TAG_LENGTH });
  decipher.setAAD(Buffer.from(`segl/document-key/${documentId}`, 'utf8'));
  decipher.setAuthTag(bytes.subarray(13, 29));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(29)), decipher.final()]);
  } catch {
    return fail('the KEK does not open this wrapped key (wrong KEK, or a key of another document)');
  }
}

/* ---------- files ---------- */

/** Decrypts `blob` to `out` (a temporary file renamed once every chunk and the final tag are authenticated). */
async function recoverFile({ blob, sessionKey, out, sha256 }) {
  const hash = createHash('sha256');
  const toStdout = out === '-';
  const temporary = toStdout
    ? undefined
    : join(dirname(out), `.${basename(out)}.partial-${randomBytes(6).toString('hex')}`);
  const sink = toStdout ? process.stdout : createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
  let size = 0;
  try {
    for await (const piece of decryptBlob(createReadStream(blob, { highWaterMark: 1024 * 1024 }), sessionKey)) {
      hash.update(piece);
      size += piece.length;
      if (!sink.write(piece)) await once(sink, 'drain');
    }
    const digest = hash.digest('hex');
    if (sha256 && digest !== sha256.toLowerCase()) fail(`the decrypted file's SHA-256 is ${digest}, not ${sha256}`);
    if (!toStdout) {
      sink.end();
      await once(sink, 'finish');
      renameSync(temporary, out);
    }
    return { size, sha256: digest };
  } catch (error) {
    if (!toStdout) {
      sink.destroy();
      rmSync(temporary, { force: true });
    }
    throw error;
  }
}

function findBlob(blobs, name) {
  if (!/^[a-z0-9][a-z0-9._-]{7,99}$/.test(name)) fail(`"${name}" is not a blob name`);
  for (const candidate of [join(blobs, name.slice(0, 2), name), join(blobs, name)])
    if (existsSync(candidate)) return candidate;
  return fail(`blob ${name} is not in ${blobs}`);
}

/* ---------- command line ---------- */

function parseArguments(argv) {
  const options = { files: [] };
  const takesValue = [
    'session-key',
    'session-key-file',
    'kek-file',
    'document-id',
    'wrapped-key',
    'manifest',
    'blobs',
    'out',
    'sha256',
    'manifest-sql',
  ];
  for (let i = 0; i < argv.length; i += 1) {
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) {
      options.files.push(argv[i]);
      continue;
    }
    if (match[1] === 'help') return { help: true };
    if (!takesValue.includes(match[1])) usage(`unknown option --${match[1]}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '') usage(`--${match[1]} needs a value`);
    options[match[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = value;
  }
  return options;
}

function readKek(options) {
  if (options.kekFile) return parseKey(readFileSync(options.kekFile, 'utf8'), 'the KEK');
  if (process.env.SEGL_KEK) return parseKey(process.env.SEGL_KEK, 'SEGL_KEK');
  return usage('give the KEK with --kek-file FILE (or SEGL_KEK)');
}

async function recoverManifest(options) {
  if (!options.blobs || !options.out) usage('--manifest needs --blobs DIR and --out DIR');
  const kek = readKek(options);
  const rows = JSON.parse(readFileSync(options.manifest, 'utf8'));
  if (!Array.isArray(rows)) fail('the manifest must be a JSON array of rows');
  mkdirSync(options.out, { recursive: true, mode: 0o700 });
  let failed = 0;
  for (const row of rows) {
    const document = String(row.code ?? row.documentId).replace(/[^A-Za-z0-9-]/g, '_');
    const name = `${document}-${String(row.kind).replace(/[^a-z]/g, '_')}.pdf`;
    try {
      const sessionKey = unwrapDocumentKey({
        kek,
        wrapped: String(row.wrappedKey),
        documentId: String(row.documentId),
      });
      const result = await recoverFile({
        blob: findBlob(options.blobs, String(row.blobName)),
        sessionKey,
        out: join(options.out, name),
        sha256: row.sha256 ?? undefined,
      });
      process.stderr.write(`recovered ${name} (${result.size} bytes, SHA-256 ${result.sha256})\n`);
    } catch (error) {
      if (!(error instanceof RecoveryError)) throw error;
      failed += 1;
      process.stderr.write(`FAILED ${name}: ${error.message}\n`);
    }
  }
  process.stderr.write(`${rows.length - failed} of ${rows.length} recovered into ${resolve(options.out)}\n`);
  return failed ? 1 : 0;
}

async function main(argv) {
  const options = parseArguments(argv);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.manifestSql) {
    const sql = MANIFEST_SQL[options.manifestSql] ?? usage('--manifest-sql takes sqlite or postgres');
    process.stdout.write(`${sql}\n`);
    return 0;
  }
  if (options.manifest) return recoverManifest(options);
  if (options.files.length !== 1 || !options.out) usage('give one BLOB file and --out');
  let sessionKey;
  if (options.sessionKey || options.sessionKeyFile) {
    sessionKey = parseKey(options.sessionKey ?? readFileSync(options.sessionKeyFile, 'utf8'), 'the session key');
  } else if (options.wrappedKey && options.documentId) {
    sessionKey = unwrapDocumentKey({
      kek: readKek(options),
      wrapped: options.wrappedKey,
      documentId: options.documentId,
    });
  } else usage('give --session-key, or the KEK with --document-id and --wrapped-key');
  const result = await recoverFile({ blob: options.files[0], sessionKey, out: options.out, sha256: options.sha256 });
  process.stderr.write(`recovered ${result.size} bytes, SHA-256 ${result.sha256}\n`);
  return 0;
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      if (error instanceof RecoveryError) {
        const wrongUse = error instanceof UsageError;
        process.stderr.write(`segl-recover: ${error.message}\n${wrongUse ? 'Run with --help for usage.\n' : ''}`);
        process.exitCode = wrongUse ? 2 : 1;
      } else {
        process.stderr.write(`segl-recover: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
