import type { DocumentAttributes } from '../../storage/models/document.js';
import type { SignerAttributes } from '../../storage/models/signer.js';
import { documentNotPending, signerDone } from './signing-errors.js';

/**
 * Why a signer may prove who they are now: to sign (both still pending), or, once they signed and the document is
 * sealed, to download the signed copy. Anything else is refused before a code is sent or a provider is asked.
 */
export function authenticationPurpose(signer: SignerAttributes, document: DocumentAttributes): 'sign' | 'download' {
  if (signer.status === 'pending' && document.status === 'pending') return 'sign';
  if (signer.status === 'signed' && document.status === 'completed') return 'download';
  if (signer.status !== 'pending') throw signerDone(signer.status);
  throw documentNotPending(document.status);
}
