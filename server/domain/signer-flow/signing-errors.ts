import { SeglError } from '../../lib/errors.js';
import type { DocumentStatus } from '../../storage/models/document.js';
import type { SignerStatus } from '../../storage/models/signer.js';

export function linkInvalid(): SeglError {
  return new SeglError({ code: 'signing_link_invalid', message: 'this signing link is not valid' });
}

export function linkExpired(): SeglError {
  return new SeglError({ code: 'signing_link_expired', message: 'this signing link has expired' });
}

export function notAuthenticated(): SeglError {
  return new SeglError({ code: 'signer_not_authenticated', message: 'prove who you are first' });
}

export function documentNotPending(status: DocumentStatus): SeglError {
  return new SeglError({ code: 'document_not_pending', message: `the document is ${status}` });
}

export function signerDone(status: SignerStatus): SeglError {
  return new SeglError({ code: 'signer_done', message: `you have already ${status} this document` });
}
