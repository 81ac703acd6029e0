import test from 'ava';
import { mkdtemp, stat, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  loadKeyEncryptionKey,
  parseKeyEncryptionKey,
  unwrapSecret,
  wrapSecret,
} from '../../server/crypto/key-encryption-key.js';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'segl-kek-'));

test('SEGL_KEK accepts hex and base64 of 32 bytes', async (t) => {
  const bytes = Buffer.alloc(32, 7);
  const dataDir = await tempDir();
  t.deepEqual(Buffer.from(await loadKeyEncryptionKey({ dataDir, env: { SEGL_KEK: bytes.toString('hex') } })), bytes);
  t.deepEqual(Buffer.from(await loadKeyEncryptionKey({ dataDir, env: { SEGL_KEK: bytes.toString('base64') } })), bytes);
  t.deepEqual(Buffer.from(parseKeyEncryptionKey(bytes.toString('base64url'))), bytes);
});

test('SEGL_KEK rejects anything that is not exactly 32 bytes', async (t) => {
  const dataDir = await tempDir();
  for (const bad of [
    'short',
    Buffer.alloc(31).toString('base64'),
    Buffer.alloc(33).toString('hex'),
    'zz'.repeat(32),
    `${Buffer.alloc(32).toString('base64')}!`,
  ]) {
    await t.throwsAsync(loadKeyEncryptionKey({ dataDir, env: { SEGL_KEK: bad } }), { code: 'invalid_kek' });
  }
});

test('the KEK file is created once with mode 0600 and reused', async (t) => {
  const dataDir = await tempDir();
  const first = await loadKeyEncryptionKey({ dataDir, env: {} });
  const second = await loadKeyEncryptionKey({ dataDir, env: {} });
  t.is(first.byteLength, 32);
  t.deepEqual(first, second);
  const info = await stat(path.join(dataDir, 'kek'));
  t.is(info.mode & 0o777, 0o600);
  t.deepEqual(parseKeyEncryptionKey(await readFile(path.join(dataDir, 'kek'), 'utf8')), first);
});

test('concurrent first use agrees on one KEK', async (t) => {
  const dataDir = await tempDir();
  const keys = await Promise.all(Array.from({ length: 8 }, () => loadKeyEncryptionKey({ dataDir, env: {} })));
  for (const key of keys) t.deepEqual(key, keys[0]);
});

test('wrapSecret round-trips; wrong key or label gives kek_mismatch', (t) => {
  const kek = new Uint8Array(32).fill(1);
  const plaintext = new TextEncoder().encode('secret key material');
  const wrapped = wrapSecret({ kek, plaintext, label: 'a' });
  t.is(wrapped[0], 1);
  t.is(wrapped.byteLength, 1 + 12 + 16 + plaintext.byteLength);
  t.deepEqual(unwrapSecret({ kek, wrapped, label: 'a' }), plaintext);
  t.notDeepEqual(wrapSecret({ kek, plaintext, label: 'a' }), wrapped, 'random IV');
  t.throws(() => unwrapSecret({ kek: new Uint8Array(32).fill(2), wrapped, label: 'a' }), { code: 'kek_mismatch' });
  t.throws(() => unwrapSecret({ kek, wrapped, label: 'b' }), { code: 'kek_mismatch' });
  const tampered = Uint8Array.from(wrapped);
  tampered[tampered.length - 1]! ^= 1;
  t.throws(() => unwrapSecret({ kek, wrapped: tampered, label: 'a' }), { code: 'kek_mismatch' });
});
