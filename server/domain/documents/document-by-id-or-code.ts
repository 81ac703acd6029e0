import { Op } from 'sequelize';
import { SeglError } from '../../lib/errors.js';
import { parseDocumentCode } from './document-code.js';

/** The rows of a document named by its id or by its code (any case, hyphens optional), as the CLI names them. */
export function whereIdOrCode(idOrCode: string) {
  const code = parseDocumentCode(idOrCode);
  return code ? { [Op.or]: [{ id: idOrCode }, { code }] } : { id: idOrCode };
}

export function noDocumentCalled(idOrCode: string): SeglError {
  return new SeglError({
    code: 'not_found',
    message: `no document with the id or code "${idOrCode}"`,
  });
}
