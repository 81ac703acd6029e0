import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';

const certificate = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialHex: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  sha256: z.string(),
});

export const settingsSchema = z.object({
  publicUrl: z.string(),
  timeZone: z.string(),
  stampLayout: z.enum(['shrink', 'extend']),
  mail: z.object({
    transport: z.enum(['smtp', 'outbox']),
    from: z.string().nullable(),
    attachmentMaxBytes: z.number().int(),
  }),
  timestamping: z.object({ builtIn: z.boolean(), urls: z.array(z.string()) }),
  retention: z.object({ defaultDays: z.number().int().nullable(), schedule: z.string().nullable() }),
  singleSignOn: z.object({ name: z.string() }).nullable(),
  signerProviders: z.array(z.object({ key: z.string(), label: z.string(), level: z.enum(['strong', 'simple']) })),
  limits: z.object({ maxUploadBytes: z.number().int(), maxPages: z.number().int() }),
  sealCertificate: certificate.extend({ chain: z.array(certificate) }),
  rootCertificate: certificate,
});

export const updateSettingsBody = z.strictObject({
  limits: z.strictObject({
    maxUploadBytes: z
      .number()
      .int()
      .min(1024 * 1024)
      .max(2 * 1024 * 1024 * 1024)
      .optional()
      .describe('largest upload in bytes (1 MiB to 2 GiB)'),
    maxPages: z.number().int().min(1).max(100_000).optional(),
  }),
});

export const uploadLimitsSchema = z.object({
  maxUploadBytes: z.number().int().describe('largest PDF the appliance accepts, in bytes'),
  maxPages: z.number().int().describe('most pages a PDF may have'),
});

/** The appliance's settings for administrators: configuration (no secrets), upload limits, the seal certificate. */
export const settingsContracts = defineContracts('settings', {
  getSettings: {
    method: 'get',
    path: '/api/v1/settings',
    auth: 'admin',
    scope: 'settings',
    summary: 'The appliance configuration (never secrets), upload limits and the current seal and root certificates',
    responses: { 200: { description: 'the settings', schema: settingsSchema } },
  },
  updateSettings: {
    method: 'patch',
    path: '/api/v1/settings',
    auth: 'admin',
    scope: 'settings',
    summary: 'Change the upload limits (the rest is set in the environment)',
    body: updateSettingsBody,
    responses: { 200: { description: 'the settings after the change', schema: settingsSchema } },
  },
  getUploadLimits: {
    method: 'get',
    path: '/api/v1/settings/upload-limits',
    auth: 'staff',
    scope: 'documents:read',
    summary: 'The upload limits every sender needs before choosing a file (the staff app checks them in the browser)',
    responses: { 200: { description: 'the limits', schema: uploadLimitsSchema } },
  },
});
