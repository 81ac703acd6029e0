import { bindContext } from '../bind-context.js';
import { declineAsSigner } from './decline-as-signer.js';
import { openSignerPdf } from './open-signer-pdf.js';
import { signAsSigner } from './sign-as-signer.js';
import type { SignerFlow } from './signer-flow.js';
import { createSignerOidcClients, finishSignerOidc, startSignerOidc } from './signer-oidc.js';
import { requestSignerOtp, verifySignerOtp } from './signer-otp.js';
import { viewSigning } from './view-signing.js';

/** The signer's side of the signer flow, behind their link: what they see, proving who they are, signing. */
export function createSignerApiService(context: {
  flow: SignerFlow;
  /** Seals the identity providers' state cookies and the signers' claims. */
  kek: Uint8Array;
}) {
  const { flow, kek } = context;
  const clients = createSignerOidcClients({ flow, kek });
  const bind = bindContext({ flow });
  return {
    view: bind(viewSigning),
    openPdf: bind(openSignerPdf),
    requestOtp: bind(requestSignerOtp),
    verifyOtp: bind(verifySignerOtp),
    startOidc: bindContext({ flow, clients })(startSignerOidc),
    finishOidc: bindContext({ flow, clients, kek })(finishSignerOidc),
    sign: bind(signAsSigner),
    decline: bind(declineAsSigner),
  };
}

export type SignerApiService = ReturnType<typeof createSignerApiService>;
