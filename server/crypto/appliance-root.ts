import { readFileSync } from 'node:fs';
import path from 'node:path';
import { derToPem } from './pem.js';

/**
 * The appliance root CA certificate (PEM) from DATA/pki/root.cer, read without the KEK and without loading the PKI,
 * for what only needs the trust anchor (`segl verify`); undefined when the PKI does not exist yet.
 */
export function readApplianceRootPem(dataDir: string): string | undefined {
  let der: Buffer;
  try {
    der = readFileSync(path.join(dataDir, 'pki', 'root.cer'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return derToPem(new Uint8Array(der), 'CERTIFICATE');
}
