import test from 'ava';
import { randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { writeSeipdV2Message } from '../../server/crypto/envelope-seipd-writer.js';
import {
  createDocumentSessionKey,
  decryptDocumentStream,
  encryptDocumentStream,
} from '../../server/crypto/envelope-document.js';

async function written(
  plaintext: Buffer,
  chunkSizeByte: number,
  pieces = 7,
  sessionKey = createDocumentSessionKey(),
): Promise<{ message: Buffer; sessionKey: Uint8Array }> {
  const parts: Buffer[] = [];
  for (let at = 0; at < plaintext.length; at += pieces) parts.push(plaintext.subarray(at, at + pieces));
  const message = await buffer(
    Readable.from(
      writeSeipdV2Message({ plaintext: parts, plaintextSize: plaintext.length, sessionKey, chunkSizeByte }),
    ),
  );
  return { message, sessionKey };
}

for (const size of [0, 1, 50, 52, 53, 64, 127, 128, 129, 1000]) {
  test(`openpgp.js decrypts our SEIPDv2 writer's output (${size} bytes, 64-byte chunks)`, async (t) => {
    const plaintext = randomBytes(size);
    const { message, sessionKey } = await written(plaintext, 0);
    t.true((await buffer(await decryptDocumentStream({ ciphertext: [message], sessionKey }))).equals(plaintext));
  });
}

test('large documents with the production chunk size, and tampering is caught', async (t) => {
  const plaintext = randomBytes(9 * 1024 * 1024 + 3);
  const sessionKey = createDocumentSessionKey();
  const message = await buffer(
    await encryptDocumentStream({ plaintext: [plaintext], plaintextSize: plaintext.length, sessionKey }),
  );
  t.is(message[0], 0xd2);
  t.true((await buffer(await decryptDocumentStream({ ciphertext: [message], sessionKey }))).equals(plaintext));
  const tampered = Buffer.from(message);
  tampered[tampered.length - 40] ^= 0x80;
  await t.throwsAsync(async () => buffer(await decryptDocumentStream({ ciphertext: [tampered], sessionKey })));
  const truncated = message.subarray(0, message.length - 16);
  await t.throwsAsync(async () => buffer(await decryptDocumentStream({ ciphertext: [truncated], sessionKey })));
  await t.throwsAsync(async () =>
    buffer(await decryptDocumentStream({ ciphertext: [message], sessionKey: createDocumentSessionKey() })),
  );
});

test('a plaintext of another length than announced is refused', async (t) => {
  const sessionKey = createDocumentSessionKey();
  await t.throwsAsync(
    buffer(
      Readable.from(
        writeSeipdV2Message({ plaintext: [randomBytes(10)], plaintextSize: 11, sessionKey, chunkSizeByte: 0 }),
      ),
    ),
    { instanceOf: RangeError },
  );
  await t.throwsAsync(
    buffer(
      Readable.from(
        writeSeipdV2Message({ plaintext: [randomBytes(12)], plaintextSize: 11, sessionKey, chunkSizeByte: 0 }),
      ),
    ),
    { instanceOf: RangeError },
  );
});
