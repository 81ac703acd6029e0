import { readFileSync } from 'node:fs';
import { PkiError } from '../../crypto/pki-error.js';
import { SeglError, isSeglError } from '../../lib/errors.js';
import { parseTrustedList, type TrustedList } from '../../crypto/trusted-list.js';
import { createTrustListHook, type TrustListHook } from '../../crypto/trusted-list-trust.js';

export interface LoadedTrustLists extends TrustListHook {
  lists: TrustedList[];
}

/**
 * Reads the trusted lists named by SEGL_TRUST_LIST_FILES or `segl verify --trust-list`; every list must be
 * readable and correctly signed, else nothing is trusted from it and the error names the file.
 */
export function loadTrustLists(files: string[]): LoadedTrustLists {
  const lists = files.map((file) => {
    let xml: string;
    try {
      xml = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new PkiError({ code: 'trust_list_unreadable', message: `Cannot read the trusted list ${file}`, cause });
    }
    try {
      return parseTrustedList(xml);
    } catch (error) {
      // the file's name in front of the reason; the code stays the parser's
      if (isSeglError(error)) {
        throw new SeglError({ code: error.code, message: `${file}: ${error.message}`, cause: error });
      }
      throw error;
    }
  });
  return { lists, ...createTrustListHook(lists) };
}
