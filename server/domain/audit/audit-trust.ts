import type { Sealer } from '../sealer.js';

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

/**
 * The appliance root, and the root of the seal certificate's chain where that is another (a seal certificate the
 * organisation imported from its own CA), so that its seals verify as the appliance's.
 */
export function auditTrustOf(options: {
  sealer: Pick<Sealer, 'rootCertificateDer' | 'timestampSources' | 'pki'>;
}): AuditTrust {
  const { sealer } = options;
  const root = sealer.rootCertificateDer();
  const sealRoot = sealer.pki.seal.chain.at(-1);
  const trustAnchors = sealRoot && !Buffer.from(sealRoot).equals(Buffer.from(root)) ? [root, sealRoot] : [root];
  const external = sealer.timestampSources.some((source) => 'url' in source);
  return { trustAnchors, acceptUnanchoredTsa: external };
}
