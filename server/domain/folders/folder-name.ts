import { SeglError } from '../../lib/errors.js';

export const FOLDER_NAME_MAX = 200;

/**
 * A folder (or group) name as shown to people: trimmed, 1-200 characters, no '/' (names are not paths), no control
 * characters (NUL, newlines, bidi tricks are C0/C1/DEL), and not '.' or '..'.
 */
export function normalizeName(options: { name: string; what?: 'folder' | 'group' }): string {
  const what = options.what ?? 'folder';
  const name = options.name.normalize('NFC').trim();
  const invalid = (message: string) => new SeglError({ code: `invalid_${what}_name`, message });
  if (name.length < 1 || name.length > FOLDER_NAME_MAX)
    throw invalid(`a ${what} name has 1 to ${FOLDER_NAME_MAX} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(name))
    throw invalid(`a ${what} name cannot contain control characters`);
  if (name.includes('/') || name.includes('\\')) throw invalid(`a ${what} name cannot contain '/' or '\\'`);
  if (name === '.' || name === '..') throw invalid(`a ${what} name cannot be '.' or '..'`);
  return name;
}
