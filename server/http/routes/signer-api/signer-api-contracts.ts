import { z } from 'zod';
import { type PathParam, defineContracts } from '../../contract/route-contract.js';
import { SIGNING_TOKEN_SHAPE } from '../../../domain/signer-flow/resolve-signing-link.js';
import { emptyBody, oidcCallbackQuery } from '../../contract/common-schemas.js';
import { DOCUMENT_STATUSES } from '../documents/document-contracts.js';

export const otpVerifyBody = z.strictObject({
  code: z
    .string()
    .trim()
    .max(12)
    .regex(/^\d{6}$/, 'six digits'),
});
export const signBody = z.strictObject({
  consent: z.literal(true, { message: 'consent must be true' }),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 in hex')
    .optional(),
  language: z.enum(['nb', 'en']).optional(),
});
export const declineBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, 'no control characters'),
});

export const signingViewSchema = z.object({
  document: z.object({
    title: z.string(),
    code: z.string(),
    pageCount: z.number().int(),
    sha256: z.string(),
    status: z.enum(DOCUMENT_STATUSES),
    expiresAt: z.string().nullable(),
    sender: z.object({ name: z.string() }),
  }),
  signer: z.object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['pending', 'signed', 'declined']),
    signedAt: z.string().nullable(),
    authenticated: z.boolean(),
    yourTurn: z.boolean(),
  }),
  progress: z.object({
    signerCount: z.number().int(),
    signedCount: z.number().int(),
    allSigned: z.boolean().describe('every signer signed; the document is being sealed until status is completed'),
  }),
  authentication: z.union([
    z.object({ method: z.literal('email-otp'), emailHint: z.string() }),
    z.object({ method: z.literal('oidc'), provider: z.string(), label: z.string(), startUrl: z.string() }),
  ]),
  consent: z.object({ en: z.string(), nb: z.string() }),
  signedPdfUrl: z.string().nullable(),
});

const token = {
  token: {
    description: 'the personal token of the signing link (/s/:token)',
    schema: z.string().regex(SIGNING_TOKEN_SHAPE),
    invalid: { code: 'signing_link_invalid', message: 'this signing link is not valid' },
  },
} satisfies Record<string, PathParam>;
const provider = {
  provider: { description: 'the provider key (SEGL_OIDC_<KEY>_ISSUER)', schema: z.string().regex(/^[a-z0-9]{1,40}$/) },
};

/** The signer's side: no account, only the personal link, and a short session after proving who they are. */
export const signerApiContracts = defineContracts('signer', {
  getSigning: {
    method: 'get',
    path: '/api/v1/signing/:token',
    auth: 'public',
    params: token,
    summary: 'What the signer sees: title, code, pages, SHA-256, sender, status, how to authenticate',
    responses: { 200: { description: 'the signing view', schema: signingViewSchema } },
    errors: ['signing_link_invalid', 'signing_link_expired'],
  },
  getSigningPdf: {
    method: 'get',
    path: '/api/v1/signing/:token/pdf',
    auth: 'public',
    params: token,
    summary: 'The exact bytes being signed, after the signer has authenticated (signer session cookie)',
    responses: { 200: { description: 'the PDF', contentType: 'application/pdf' } },
    errors: ['signer_not_authenticated'],
  },
  getSignedPdf: {
    method: 'get',
    path: '/api/v1/signing/:token/signed-pdf',
    auth: 'public',
    params: token,
    summary: 'The sealed document, for a signer who signed, once the document is completed',
    responses: { 200: { description: 'the sealed PDF', contentType: 'application/pdf' } },
    errors: ['document_not_completed'],
  },
  requestOtp: {
    method: 'post',
    path: '/api/v1/signing/:token/otp',
    operationId: 'requestSigningOtp',
    auth: 'public',
    params: token,
    body: emptyBody,
    summary: 'E-mail a 6-digit one-time code (valid 10 minutes, 5 tries; at most 5 codes per 15 minutes)',
    responses: {
      202: { description: 'sent', schema: z.object({ emailHint: z.string(), expiresInSeconds: z.number().int() }) },
    },
    errors: ['rate_limited'],
  },
  verifyOtp: {
    method: 'post',
    path: '/api/v1/signing/:token/otp/verify',
    operationId: 'verifySigningOtp',
    auth: 'public',
    params: token,
    body: otpVerifyBody,
    summary: 'Check the code; sets the signer session cookie',
    responses: { 200: { description: 'authenticated', schema: z.object({ authenticated: z.literal(true) }) } },
    errors: ['otp_expired', 'otp_invalid'],
  },
  startOidc: {
    method: 'get',
    path: '/api/v1/signing/:token/oidc/start',
    operationId: 'startSigningOidc',
    auth: 'public',
    params: token,
    summary: "Redirect to the signer's identity provider (authorization code + PKCE, state and nonce)",
    responses: { 302: { description: 'to the provider' } },
  },
  oidcCallback: {
    method: 'get',
    path: '/api/v1/signing/oidc/:provider/callback',
    operationId: 'signingOidcCallback',
    auth: 'public',
    params: provider,
    query: oidcCallbackQuery,
    summary: "The provider's answer: checks it, records the identity, sets the signer session, back to /s/:token",
    responses: { 302: { description: 'back to the signing page' } },
    errors: ['sso_failed'],
  },
  sign: {
    method: 'post',
    path: '/api/v1/signing/:token/sign',
    auth: 'public',
    params: token,
    body: signBody,
    summary: 'Sign (authenticated, consenting, in turn); the last signature seals the document',
    responses: {
      200: {
        description: 'signed',
        schema: z.object({ status: z.literal('signed'), documentStatus: z.enum(['pending', 'completed']) }),
      },
    },
    errors: [
      'signing_link_invalid',
      'signing_link_expired',
      'signer_not_authenticated',
      'document_changed',
      'not_your_turn',
      'document_not_pending',
      'signer_done',
      'csrf_rejected',
    ],
  },
  decline: {
    method: 'post',
    path: '/api/v1/signing/:token/decline',
    auth: 'public',
    params: token,
    body: declineBody,
    summary: 'Decline with a reason (authenticated); the document becomes declined',
    responses: { 200: { description: 'declined', schema: z.object({ status: z.literal('declined') }) } },
    errors: ['signer_not_authenticated', 'document_not_pending', 'signer_done', 'csrf_rejected'],
  },
});
