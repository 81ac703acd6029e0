const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Reads a code as people type it (DESIGN.md): any case, spaces and hyphens ignored, O read as 0, I and L as 1.
 * Returns `7F3K-9QXM-2B8D-WT4N`, or undefined when it is not a complete code.
 */
export function normalizeCode(input: string): string | undefined {
  if (input.length > 64) return undefined;
  const plain = input
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (plain.length !== 16 || [...plain].some((char) => !ALPHABET.includes(char))) return undefined;
  return plain.match(/.{4}/g)!.join('-');
}

/** The code in a /v/<code> path, if any. */
export function codeFromPath(pathname: string): string | undefined {
  const match = /^\/v\/([^/]+)\/?$/.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}
