import type { SigningInfo } from './api.js';

/** Where the page is: loading and link problems first, then the signer's steps derived from the API's answer. */
export type Step =
  | 'loading'
  | 'invalid'
  | 'link-expired'
  | 'failed'
  | 'not-your-turn'
  | 'authenticate'
  | 'review'
  | 'signed'
  | 'sealing'
  | 'completed'
  | 'declined'
  | 'closed';

/** Steps that change without the signer doing anything (someone else signs, the seal is made): the page polls. */
export const POLLED: readonly Step[] = ['not-your-turn', 'signed', 'sealing'];

/** The step the API's answer puts the signer in. */
export function stepOf(info: SigningInfo): Step {
  const { document: doc, signer } = info;
  if (signer.status === 'declined') return 'declined';
  if (signer.status === 'signed') {
    // the signed copy needs a fresh sign-in once the session from signing is over
    if (doc.status === 'completed')
      return !signer.authenticated ? 'authenticate' : info.signedPdfUrl ? 'completed' : 'sealing';
    return doc.status === 'pending' ? 'signed' : 'closed';
  }
  if (doc.status !== 'pending') return 'closed';
  if (!signer.yourTurn) return 'not-your-turn';
  return signer.authenticated ? 'review' : 'authenticate';
}
