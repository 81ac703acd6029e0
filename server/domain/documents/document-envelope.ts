/** The per-document OpenPGP envelope as the domain offers it (for callers outside, such as the benchmark). */
export { createDocumentSessionKey, decryptDocumentStream, encryptDocumentStream } from '../../crypto/envelope-document.js';
