import { createDocumentSessionKey, encryptDocumentStream } from '../../crypto/envelope-document.js';

/**
 * The encryption at rest alone, for the archive benchmark: `plaintext` through a document's OpenPGP envelope under a
 * new session key, read to the end. Answers the envelope's length (the caller times the call).
 */
export async function envelopeLengthOf(plaintext: Uint8Array): Promise<number> {
  const sessionKey = createDocumentSessionKey();
  const stream = await encryptDocumentStream({ plaintext: [plaintext], sessionKey, plaintextSize: plaintext.length });
  let length = 0;
  for await (const chunk of stream) length += (chunk as Uint8Array).length;
  return length;
}
