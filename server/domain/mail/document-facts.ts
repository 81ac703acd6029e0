import type { MailDictionary } from './mail-dictionary.js';
import { toSingleLine, type MailBlock } from './mail-layout.js';

type FactRows = Extract<MailBlock, { kind: 'facts' }>['rows'];

/** The facts a message about one document starts with: its title and its code, each on one line. */
export function documentFactRows(options: {
  words: MailDictionary;
  documentTitle: string;
  documentCode: string;
}): FactRows {
  const { words } = options;
  return [
    [words.facts.document, toSingleLine(options.documentTitle)],
    [words.facts.code, toSingleLine(options.documentCode)],
  ];
}
