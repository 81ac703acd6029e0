import type { SigningContext } from '../signing-context.js';

/** What an audit trail's evidence is checked against. */
export interface AuditTrust {
  /** Roots the TSA certificate of every event token, and the final PDF's seal, must chain to. */
  trustAnchors: Uint8Array[];
  /**
   * External TSAs are configured (`SEGL_TSA_URLS`) and the appliance does not know their roots: tokens whose TSA does
   * not chain to a trust anchor are still checked (hash, signature, extended key usage) and counted as `unanchored`
   * instead of failing. Without external TSAs every token must come from the built-in TSA.
   */
  acceptUnanchoredTsa: boolean;
}

export function auditTrustOf(options: { signing: Pick<SigningContext, 'rootCertificateDer' | 'timestampSources'> }): AuditTrust {
  const external = options.signing.timestampSources.some((source) => 'url' in source);
  return { trustAnchors: [options.signing.rootCertificateDer()], acceptUnanchoredTsa: external };
}
