import { SeglError } from '../../lib/errors.js';

export function linkInvalid(): SeglError {
  return new SeglError({ code: 'signing_link_invalid', message: 'this signing link is not valid', status: 404 });
}

export function linkExpired(): SeglError {
  return new SeglError({ code: 'signing_link_expired', message: 'this signing link has expired', status: 410 });
}

export function notAuthenticated(): SeglError {
  return new SeglError({ code: 'signer_not_authenticated', message: 'prove who you are first', status: 401 });
}

export function conflict(code: string, message: string, details?: Record<string, unknown>): SeglError {
  return new SeglError({ code, message, status: 409, details });
}
