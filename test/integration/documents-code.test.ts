import test from 'ava';
import {
  createDocumentCode,
  formatDocumentCode,
  parseDocumentCode,
} from '../../server/domain/documents/document-code.js';

test('codes are 16 Crockford base32 characters in groups of four', (t) => {
  const codes = new Set<string>();
  for (let i = 0; i < 2000; i += 1) {
    const code = createDocumentCode();
    t.regex(code, /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{16}$/);
    codes.add(code);
  }
  t.is(codes.size, 2000);
  t.is(formatDocumentCode('7F3K9QXM2B8DWT4N'), '7F3K-9QXM-2B8D-WT4N');
});

test('the parser ignores case, spaces and hyphens and reads O as 0, I and L as 1', (t) => {
  t.is(parseDocumentCode('7f3k-9qxm-2b8d-wt4n'), '7F3K9QXM2B8DWT4N');
  t.is(parseDocumentCode(' 7F3K 9QXM  2B8D WT4N '), '7F3K9QXM2B8DWT4N');
  t.is(parseDocumentCode('OOOO-IIII-LLLL-oiil'), '0000111111110111');
  t.is(parseDocumentCode('7F3K-9QXM-2B8D-WT4U'), undefined, 'U is not in the alphabet');
  t.is(parseDocumentCode('7F3K-9QXM-2B8D'), undefined);
  t.is(parseDocumentCode('x'.repeat(100)), undefined);
});
