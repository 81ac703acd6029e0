import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

export const addSignerBody = z.strictObject({
  name: text(200),
  email: z.string().trim().max(320).email('not an e-mail address'),
  // which methods exist depends on the configured providers: checked by addSigner (422 unknown_auth_method)
  authMethod: z.string().min(1).max(80).describe('email-otp or oidc:<provider key>'),
  order: z.number().int().min(1).max(100).optional(),
  language: z.enum(['nb', 'en']).optional(),
  expectedName: text(200).optional(),
  expectedNationalId: z.string().trim().regex(/^[0-9A-Za-z .-]{4,32}$/, 'not an identity number').optional(),
});

export const updateSignerBody = z
  .strictObject({
    name: text(200).optional(),
    email: z.string().trim().max(320).email('not an e-mail address').optional(),
    authMethod: z.string().min(1).max(80).optional().describe('email-otp or oidc:<provider key>'),
    language: z.enum(['nb', 'en']).optional(),
    expectedName: text(200).nullable().optional().describe('null removes the pinned name'),
    expectedNationalId: z.string().trim().regex(/^[0-9A-Za-z .-]{4,32}$/, 'not an identity number').nullable().optional().describe('null removes the pin'),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change')
  .meta({ minProperties: 1 });

export const reorderSignersBody = z.strictObject({
  signerIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an id')).min(1).max(50).describe('every signer of the document once, first to sign first'),
});

const futureDate = z
  .string()
  .max(40)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not an ISO 8601 date')
  .transform((value) => new Date(value));

export const sendBody = z.strictObject({
  order: z.enum(['parallel', 'sequential']).optional(),
  expiresAt: futureDate.optional(),
});

export const cancelBody = z.strictObject({ reason: text(500).optional() });
export const emptyBody = z.strictObject({});

export const signerListSchema = z.object({
  signers: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), position: z.number().int(), authMethod: z.string(), language: z.enum(['nb', 'en']), pinned: z.boolean(), status: z.enum(['pending', 'signed', 'declined']), signedAt: z.string().nullable() })),
});

export const sentSchema = z.object({
  id: z.string(),
  status: z.literal('pending'),
  order: z.enum(['parallel', 'sequential']),
  expiresAt: z.string(),
  signers: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), position: z.number().int(), signingUrl: z.string().describe('/s/:token, personal'), invited: z.boolean() })),
});

export const auditTrailSchema = z.object({
  documentId: z.string(),
  events: z.array(
    z.object({
      seq: z.number().int(),
      type: z.string(),
      at: z.string().describe('UTC, milliseconds'),
      actor: z.object({ kind: z.enum(['staff', 'signer', 'system']) }).loose(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
      prevHash: z.string(),
      hash: z.string(),
      timestampToken: z.string().nullable().describe('base64 DER RFC 3161 token over hash (signing events)'),
    }),
  ),
  chain: z.object({
    intact: z.boolean().describe('false when any check below found a break'),
    problems: z
      .array(z.object({ seq: z.number().nullable(), code: z.string(), message: z.string() }))
      .describe('hash_mismatch, broken_link, sequence_gap, missing_tail, token_mismatch, token_missing, seal_mismatch'),
    tokens: z
      .object({ verified: z.number().int(), unanchored: z.number().int(), pending: z.number().int() })
      .optional()
      .describe('RFC 3161 tokens checked against their event hash and TSA; unanchored: from an external TSA whose root is not known; pending: not yet time-stamped'),
    sealed: z
      .union([
        z.object({ checked: z.literal(true), seq: z.number().int(), hash: z.string() }),
        z.object({ checked: z.literal(false), reason: z.enum(['not_sealed', 'deleted', 'no_attachment', 'not_requested']) }),
      ])
      .optional()
      .describe('the chain compared with the trail sealed into the final PDF, up to event seq'),
  }),
  erased: z
    .object({ events: z.number().int(), lastHash: z.string().nullable() })
    .optional()
    .describe('after deletion by retention: how many events were erased, and the hash the remaining chain continues from'),
});
