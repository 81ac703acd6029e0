import { createHash } from 'node:crypto';

/**
 * Remembers the result of parsing DER structures (certificates, OCSP responses, CRLs) by the SHA-256 of their
 * bytes: verification meets the same few certificates many times, and ASN.1 decoding dominates its cost.
 * Bounded, least-recently-used first out.
 */
export function createParseCache<T>(limit = 512): (parts: Uint8Array[], parse: () => T) => T {
  const entries = new Map<string, T>();
  return (parts, parse) => {
    const hash = createHash('sha256');
    for (const part of parts) {
      hash.update(part);
      hash.update('\0');
    }
    const key = hash.digest('base64');
    if (entries.has(key)) {
      const value = entries.get(key)!;
      entries.delete(key);
      entries.set(key, value);
      return value;
    }
    const value = parse();
    entries.set(key, value);
    if (entries.size > limit) entries.delete(entries.keys().next().value!);
    return value;
  };
}
