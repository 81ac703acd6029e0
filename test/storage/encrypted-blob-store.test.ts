import test from 'ava';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { text, buffer } from 'node:stream/consumers';
import { createFileBlobStore } from '../../server/storage/blob-store.js';
import { createEncryptedBlobStore } from '../../server/storage/encrypted-blob-store.js';
import { createDocumentSessionKey } from '../../server/crypto/envelope-document.js';
import { fingerprintKek, unwrapDocumentKey, wrapDocumentKey } from '../../server/crypto/envelope-key-wrap.js';
import { tempDir } from '../helpers/external-tool.js';

function* chunks(bytes: Buffer, size = 65_536): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

test(
  'a blob round-trips; on disk it is a SEIPDv2 AES-256-GCM packet with no key packet and no ' + 'plaintext',
  async (t) => {
    const dir = tempDir('segl-blobs-');
    const blobs = createEncryptedBlobStore({ store: createFileBlobStore({ dir }) });
    const plaintext = Buffer.concat([Buffer.from('%PDF-1.7 PLAINTEXT-MARKER '), randomBytes(9 * 1024 * 1024 + 17)]);
    const sessionKey = createDocumentSessionKey();
    const { name, storedSize } = await blobs.writeEncrypted({ plaintext: chunks(plaintext), sessionKey });
    const stored = readFileSync(join(dir, name.slice(0, 2), name));
    t.is(stored.length, storedSize);
    t.false(stored.includes(Buffer.from('PLAINTEXT-MARKER')));
    // New-format packet tag 18 (0xd2 = 0b11_010010), then version 2, AES-256 (9), GCM (3).
    t.is(stored[0], 0xd2);
    const body = stored[1] < 192 ? 2 : stored[1] < 224 ? 3 : stored[1] === 255 ? 6 : 2;
    t.deepEqual([...stored.subarray(body, body + 3)], [2, 9, 3]);
    const decrypted = await buffer(await blobs.readDecrypted({ name, sessionKey }));
    t.true(decrypted.equals(plaintext));
    t.deepEqual(readdirSync(join(dir, name.slice(0, 2))), [name], 'no temporary files remain');
  },
);

test('a wrong session key or a damaged blob does not decrypt', async (t) => {
  const dir = tempDir('segl-blobs-');
  const blobs = createEncryptedBlobStore({ store: createFileBlobStore({ dir }) });
  const plaintext = randomBytes(300_000);
  const sessionKey = createDocumentSessionKey();
  const { name } = await blobs.writeEncrypted({ plaintext: [plaintext], sessionKey });
  await t.throwsAsync(async () => buffer(await blobs.readDecrypted({ name, sessionKey: createDocumentSessionKey() })));
  const file = join(dir, name.slice(0, 2), name);
  const damaged = readFileSync(file);
  damaged[damaged.length - 100] ^= 1;
  writeFileSync(file, damaged);
  await t.throwsAsync(async () => buffer(await blobs.readDecrypted({ name, sessionKey })));
});

test('a wrapped session key opens only with its KEK and its document id', (t) => {
  const kek = randomBytes(32);
  const sessionKey = createDocumentSessionKey();
  const wrapped = wrapDocumentKey({ kek, sessionKey, documentId: 'doc-1' });
  t.deepEqual(unwrapDocumentKey({ kek, wrapped, documentId: 'doc-1' }), sessionKey);
  t.throws(() => unwrapDocumentKey({ kek: randomBytes(32), wrapped, documentId: 'doc-1' }), {
    message: /key-encryption key/,
  });
  t.throws(() => unwrapDocumentKey({ kek, wrapped, documentId: 'doc-2' }));
  t.not(fingerprintKek(kek), fingerprintKek(randomBytes(32)));
  t.false(fingerprintKek(kek).includes(kek.toString('hex').slice(0, 8)));
});

test('a failed write leaves neither the blob nor a temporary file', async (t) => {
  const dir = tempDir('segl-blobs-');
  const store = createFileBlobStore({ dir });
  async function* failing() {
    yield new Uint8Array(1000);
    throw new Error('client went away');
  }
  await t.throwsAsync(store.write({ name: 'abcdef0123456789.pgp', source: failing() }), {
    message: 'client went away',
  });
  mkdirSync(join(dir, 'ab'), { recursive: true });
  t.deepEqual(readdirSync(join(dir, 'ab')), []);
  t.false(await store.exists({ name: 'abcdef0123456789.pgp' }));
  t.is(
    await text(
      await (async () => {
        await store.write({ name: 'abcdef0123456789.pgp', source: [Buffer.from('ok')] });
        return store.read({ name: 'abcdef0123456789.pgp' });
      })(),
    ),
    'ok',
  );
});
