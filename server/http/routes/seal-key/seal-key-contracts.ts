import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';

const certificateSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string().describe('hexadecimal'),
  notBefore: z.string(),
  notAfter: z.string(),
  sha256: z.string().describe('SHA-256 fingerprint of the DER certificate, hexadecimal'),
  sha1: z.string(),
});

export const sealKeySchema = certificateSchema.extend({
  source: z
    .enum(['appliance', 'pkcs12', 'pkcs11'])
    .describe("appliance: the appliance's own CA; pkcs12: an imported file; pkcs11: an HSM (SEGL_PKCS11_*)"),
  keyType: z.string().describe('e.g. RSA 3072, EC prime256v1'),
  keyUsage: z.array(z.string()),
  chain: z.array(certificateSchema).describe('issuers, nearest first, ending with the root'),
});

/** The organisation's seal: which certificate new seals are made with, importing a PKCS#12 file, going back. */
export const sealKeyContracts = defineContracts('seal-key', {
  showSealKey: {
    method: 'get',
    path: '/api/v1/seal-key',
    auth: 'admin',
    scope: 'settings',
    summary:
      'The seal certificate new documents are sealed with: subject, issuer, validity, ' +
      'fingerprints, chain (administrators)',
    responses: { 200: { description: 'the seal in force', schema: sealKeySchema } },
  },
  importSealKey: {
    method: 'post',
    path: '/api/v1/seal-key',
    auth: 'admin',
    scope: 'settings',
    summary:
      'Import a PKCS#12 file as the seal of every new document (administrators). It is checked ' +
      'first: passphrase, key matches ' +
      ('certificate, valid now, key usage digitalSignature or nonRepudiation, complete chain to a ' +
        'root (in the file or `chain`)'),
    upload: {
      file: 'the PKCS#12 (.p12 / .pfx) file, at most 1 MB',
      mediaType: 'application/x-pkcs12',
      fields: z.object({
        passphrase: z.string().max(1024).optional().describe('its passphrase (empty when it has none)'),
        chain: z.string().max(4096).optional().describe('PEM issuing certificates, when the file lacks them'),
      }),
    },
    responses: { 201: { description: 'imported: new seals use it', schema: sealKeySchema } },
    errors: [
      'seal_key_in_hsm',
      'rate_limited',
      'seal_key_wrong_passphrase',
      'seal_certificate_expired',
      'seal_certificate_not_yet_valid',
      'seal_chain_incomplete',
      'seal_chain_invalid',
      'seal_key_usage',
      'seal_key_weak',
      'seal_key_unreadable',
      'seal_key_no_private_key',
      'seal_key_ambiguous',
      'seal_key_mismatch',
      'seal_key_unsupported',
    ],
  },
  resetSealKey: {
    method: 'delete',
    path: '/api/v1/seal-key',
    auth: 'admin',
    scope: 'settings',
    summary: "New seals use the appliance's own CA again (administrators); imported keys stay stored, unused",
    responses: { 200: { description: 'the seal in force now', schema: sealKeySchema } },
    errors: ['seal_key_in_hsm'],
  },
});
