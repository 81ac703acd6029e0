import type { RenderedMail } from './mail-layout.js';
import { composeSigningRequest, type SigningRequestOptions } from './signing-request-message.js';

export type ReminderMessageOptions = SigningRequestOptions;

/** A reminder to a signer who has not signed yet; it may carry a fresh link. */
export function composeReminderMessage(options: ReminderMessageOptions): RenderedMail {
  return composeSigningRequest({ ...options, kind: 'reminder' });
}
