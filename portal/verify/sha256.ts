import { sha256Hex } from '../shared/sha256.js';

/**
 * SHA-256 of a file, computed in the browser (WebCrypto, or the pure fallback where the page is not a secure
 * context): the file itself is never sent anywhere.
 */
export async function sha256OfFile(file: Blob): Promise<string> {
  return sha256Hex(new Uint8Array(await file.arrayBuffer()));
}

/** Whether the bytes start like a PDF (`%PDF-` within the first KiB, as readers accept). */
export async function looksLikePdf(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 1024).arrayBuffer());
  const text = String.fromCharCode(...head);
  return text.includes('%PDF-');
}
