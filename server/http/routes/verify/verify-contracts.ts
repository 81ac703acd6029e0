import { z } from 'zod';
import { type PathParam, defineContracts } from '../../contract/route-contract.js';
import { parseDocumentCode } from '../../../domain/documents/document-code.js';

/** The `:code` parameter in stored form; anything that is not a code is a 400 `invalid_code` (no lookup). */
const code: PathParam<string> = {
  description: 'the document code as printed (any case; spaces and hyphens ignored; O reads as 0, I and L as 1)',
  schema: z.string().transform((raw, ctx) => {
    const parsed = parseDocumentCode(raw);
    if (parsed === undefined) ctx.issues.push({ code: 'custom', message: 'not a document code', input: raw });
    return parsed ?? z.NEVER;
  }),
  invalid: { code: 'invalid_code', message: 'not a document code: 16 characters, e.g. 7F3K-9QXM-2B8D-WT4N' },
};
const level = z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA']).nullable();
const status = z.enum(['draft', 'pending', 'completed', 'declined', 'expired', 'cancelled', 'deleted']);

export const documentStatusSchema = z.object({
  code: z.string().describe('formatted, e.g. 7F3K-9QXM-2B8D-WT4N'),
  status,
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  signerCount: z.number().int(),
  signedCount: z.number().int(),
  level,
  deletedAt: z.string().optional().describe('only once deleted'),
  sha256: z
    .string()
    .optional()
    .describe('only once deleted: the tombstone keeps the hash of the final (or, before sealing, the uploaded) file'),
});

export const matchBodySchema = z.strictObject({
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters')
    .describe('SHA-256 of the file, computed by the holder'),
});

export const matchAnswerSchema = z.object({
  match: z.boolean(),
  code: z.string().optional(),
  title: z.string().optional(),
  status: status.optional(),
  matchedVersion: z
    .enum(['original', 'final'])
    .optional()
    .describe('final: the sealed document; original: the uploaded file before signing'),
  createdAt: z.string().optional(),
  completedAt: z.string().nullable().optional(),
  level: level.optional(),
  deletedAt: z.string().optional(),
  signers: z
    .array(
      z.object({
        name: z.string().describe('as proven by the identity provider, else as invited'),
        identifiedBy: z.string().describe('email-otp or oidc:<provider key>'),
        level: z.enum(['strong', 'simple']).nullable(),
        provider: z.string().nullable().describe("the identity provider's name as configured (strong only)"),
        status: z.enum(['pending', 'signed', 'declined']),
        signedAt: z.string().nullable(),
      }),
    )
    .optional(),
});

const problem = z.object({ code: z.string(), message: z.string() });
const change = z.object({
  kind: z.string().describe('e.g. dss, doc-timestamp, signature, page-content, form, annotation, structure'),
  level: z.enum(['lta', 'permitted', 'other']),
  description: z.string(),
  objects: z.array(z.number().int()),
  pages: z.array(z.number().int()),
});
export const fileReportSchema = z.object({
  status: z.enum(['passed', 'failed', 'indeterminate']),
  valid: z.boolean(),
  evidence: z
    .enum(['signed', 'timestamped', 'unsigned'])
    .describe('only document timestamps is "timestamped", never "signed"'),
  level,
  fileSize: z.number().int(),
  sha256: z.string(),
  revisions: z.number().int(),
  signatures: z.array(
    z.object({
      kind: z.enum(['signature', 'doc-timestamp']),
      fieldName: z.string().describe("the signature field's name"),
      subFilter: z.string().describe('e.g. ETSI.CAdES.detached, ETSI.RFC3161'),
      status: z.enum(['passed', 'failed', 'indeterminate']),
      intact: z.boolean(),
      valid: z.boolean(),
      trusted: z.boolean(),
      signer: z.object({ commonName: z.string().nullable(), subject: z.string(), issuer: z.string() }).nullable(),
      signedAt: z.string().nullable(),
      timestamp: z
        .object({
          time: z.string(),
          tsa: z.string().nullable(),
          valid: z.boolean(),
          trusted: z.boolean().describe("the TSA's certificate chains to a trust anchor"),
        })
        .nullable(),
      coversWholeFile: z.boolean(),
      modifiedAfter: z.enum(['none', 'lta-updates', 'permitted', 'other']),
      changesAfter: z.array(z.string()),
      changes: z.array(change),
      fieldCount: z.number().int(),
      level,
      problems: z.array(problem),
    }),
  ),
  problems: z.array(problem),
  knownDocument: z
    .object({
      code: z.string(),
      status,
      version: z.enum(['final', 'original']).describe('the sealed final file, or the original as it was uploaded'),
    })
    .nullable()
    .describe('the document this exact file is (its SHA-256), if any'),
});

/** The public verification portal's API (issue 5); router in routes/verify. No credentials; throttled per IP. */
export const verifyContracts = defineContracts('verification', {
  checkFile: {
    method: 'post',
    path: '/api/v1/verify/file',
    operationId: 'verifyFile',
    auth: 'public',
    summary:
      'Validate an uploaded PDF (not stored): the `segl verify --json` report, with the appliance ' +
      'root trusted, plus the known document if any',
    upload: { file: 'the PDF to check', mediaType: 'application/pdf', fields: z.object({}) },
    responses: {
      200: { description: 'the verification report', schema: fileReportSchema },
      413: { description: 'payload_too_large: over the portal limit (20 MiB by default)' },
      422: { description: "the file is not a readable PDF (the reader's error code)" },
    },
    errors: ['unsupported_media_type', 'rate_limited', 'verification_busy', 'pdf_unverifiable', 'not_a_pdf'],
  },
  lookupCode: {
    method: 'get',
    path: '/api/v1/verify/:code',
    operationId: 'verifyCode',
    auth: 'public',
    summary: 'The status of the document with this code; nothing personal',
    params: { code },
    responses: { 200: { description: "the document's public status", schema: documentStatusSchema } },
    errors: [{ code: 'invalid_code', status: 400 }, 'rate_limited'],
  },
  matchHash: {
    method: 'post',
    path: '/api/v1/verify/:code/match',
    operationId: 'verifyCodeMatch',
    auth: 'public',
    summary: "Possession proof: whether a SHA-256 is the document's; details (title, signers) only on a match",
    params: { code },
    body: matchBodySchema,
    responses: { 200: { description: '{match:false}, or {match:true, ...details}', schema: matchAnswerSchema } },
    errors: [{ code: 'invalid_code', status: 400 }, 'rate_limited'],
  },
});
