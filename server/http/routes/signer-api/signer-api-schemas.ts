import { z } from 'zod';

export const otpVerifyBody = z.strictObject({ code: z.string().trim().max(12).regex(/^\d{6}$/, 'six digits') });
export const signBody = z.strictObject({
  consent: z.literal(true, { message: 'consent must be true' }),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 in hex').optional(),
  language: z.enum(['nb', 'en']).optional(),
});
export const declineBody = z.strictObject({ reason: z.string().trim().min(1).max(500).regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, 'no control characters') });
export const emptyBody = z.strictObject({});

export const signingViewSchema = z.object({
  document: z.object({ title: z.string(), code: z.string(), pageCount: z.number().int(), sha256: z.string(), status: z.string(), expiresAt: z.string().nullable(), sender: z.object({ name: z.string() }) }),
  signer: z.object({ id: z.string(), name: z.string(), status: z.string(), signedAt: z.string().nullable(), authenticated: z.boolean(), yourTurn: z.boolean() }),
  progress: z.object({ signerCount: z.number().int(), signedCount: z.number().int(), allSigned: z.boolean().describe('every signer signed; the document is being sealed until status is completed') }),
  authentication: z.union([
    z.object({ method: z.literal('email-otp'), emailHint: z.string() }),
    z.object({ method: z.literal('oidc'), provider: z.string(), label: z.string(), startUrl: z.string() }),
  ]),
  consent: z.object({ en: z.string(), nb: z.string() }),
  signedPdfUrl: z.string().nullable(),
});
