import { CryptoError } from './crypto-error.js';

/** PEM (RFC 7468) <-> DER. */

/** Every PEM block of the text, in order (any label unless `label` is given). */
export function pemToDerList(pem: string, label?: string): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  const pattern = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (const match of pem.matchAll(pattern)) {
    if (label && match[1] !== label) continue;
    const body = (match[2] ?? '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) {
      throw new CryptoError({ code: 'malformed_pem', message: `Invalid base64 in PEM block ${match[1]}` });
    }
    blocks.push(new Uint8Array(Buffer.from(body, 'base64')));
  }
  return blocks;
}

export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
