import { SeglError } from '../../lib/errors.js';

export function linkInvalid(): SeglError {
  return new SeglError({ code: 'signing_link_invalid', message: 'this signing link is not valid' });
}

export function linkExpired(): SeglError {
  return new SeglError({ code: 'signing_link_expired', message: 'this signing link has expired' });
}

export function notAuthenticated(): SeglError {
  return new SeglError({ code: 'signer_not_authenticated', message: 'prove who you are first' });
}
