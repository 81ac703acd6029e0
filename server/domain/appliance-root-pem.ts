import type { Config } from '../lib/config.js';
import { readApplianceRootPem } from '../crypto/appliance-root.js';

/**
 * The appliance root CA (PEM) to trust when verifying. Read straight from the data directory when the PKI exists
 * (no KEK, no key unwrapping: `segl verify` stays fast); otherwise the PKI is created first, as on a first start.
 */
export async function applianceRootPem(options: { config: Config }): Promise<string> {
  const existing = readApplianceRootPem(options.config.dataDir);
  if (existing) return existing;
  const { openSealer } = await import('./sealer.js');
  return (await openSealer({ config: options.config })).rootCertificatePem();
}
