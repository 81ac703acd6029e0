import { OID } from './oids.js';

/** Node's name for each digest algorithm we read (SHA-1 only to verify what others made). */
const NAMES: Record<string, string> = {
  [OID.sha1]: 'sha1',
  [OID.sha224]: 'sha224',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

const LENGTHS: Record<string, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

/** The node:crypto hash name for a digest algorithm OID, or undefined if unsupported. */
export function hashNameOf(oid: string): string | undefined {
  return NAMES[oid];
}

/** The OID of a node:crypto hash name (`sha256`, ...). */
export function hashOidOf(name: string): string | undefined {
  return Object.keys(NAMES).find((oid) => NAMES[oid] === name);
}

/** Digest length in bytes of a node:crypto hash name. */
export function hashLengthOf(name: string): number | undefined {
  return LENGTHS[name];
}
