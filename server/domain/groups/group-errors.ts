import { SeglError } from '../../lib/errors.js';

export function groupNotFound(): SeglError {
  return new SeglError({ code: 'not_found', message: 'group not found' });
}
