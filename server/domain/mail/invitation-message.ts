import type { RenderedMail } from './mail-layout.js';
import { composeSigningRequest, type SigningRequestOptions } from './signing-request-message.js';

export type InvitationMessageOptions = SigningRequestOptions;

/** The invitation to sign: who asks, what, until when, and the signer's personal link on its own line. */
export function composeInvitationMessage(options: InvitationMessageOptions): RenderedMail {
  return composeSigningRequest({ ...options, kind: 'invitation' });
}
