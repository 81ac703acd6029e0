import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';
import { documentId, staffOnDocument } from '../../contract/staff-on-resource.js';
import { createdSchema, emptyBody, idParam, isoDate } from '../../contract/common-schemas.js';
import { plainText } from '../../contract/plain-text.js';

export const addSignerBody = z.strictObject({
  name: plainText({ max: 200 }),
  email: z.string().trim().max(320).email('not an e-mail address'),
  // which methods exist depends on the configured providers: checked by addSigner (422 unknown_auth_method)
  authMethod: z.string().min(1).max(80).describe('email-otp or oidc:<provider key>'),
  order: z.number().int().min(1).max(100).optional(),
  language: z.enum(['nb', 'en']).optional(),
  expectedName: plainText({ max: 200 }).optional(),
  expectedNationalId: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z .-]{4,32}$/, 'not an identity number')
    .optional(),
});

export const updateSignerBody = z
  .strictObject({
    name: plainText({ max: 200 }).optional(),
    email: z.string().trim().max(320).email('not an e-mail address').optional(),
    authMethod: z.string().min(1).max(80).optional().describe('email-otp or oidc:<provider key>'),
    language: z.enum(['nb', 'en']).optional(),
    expectedName: plainText({ max: 200 }).nullable().optional().describe('null removes the pinned name'),
    expectedNationalId: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z .-]{4,32}$/, 'not an identity number')
      .nullable()
      .optional()
      .describe('null removes the pin'),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change')
  .meta({ minProperties: 1 });

export const reorderSignersBody = z.strictObject({
  signerIds: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an id'))
    .min(1)
    .max(50)
    .describe('every signer of the document once, first to sign first'),
});

export const sendBody = z.strictObject({
  order: z.enum(['parallel', 'sequential']).optional(),
  expiresAt: isoDate.optional(),
});

export const cancelBody = z.strictObject({ reason: plainText({ max: 500 }).optional() });

/** Who a signer is and where in the order they sign: the start of every signer in an answer. */
const signerFields = { id: z.string(), name: z.string(), email: z.string(), position: z.number().int() };

/** A signer as staff see it: in the signer list and in every document. */
export const signerViewSchema = z.object({
  ...signerFields,
  authMethod: z.string(),
  language: z.enum(['nb', 'en']),
  pinned: z.boolean().describe('an expected name or national identity number is set (never shown)'),
  status: z.enum(['pending', 'signed', 'declined']),
  signedAt: z.string().nullable(),
  declinedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
});

export const signerListSchema = z.object({ signers: z.array(signerViewSchema) });

export const sentSchema = z.object({
  id: z.string(),
  status: z.literal('pending'),
  order: z.enum(['parallel', 'sequential']),
  expiresAt: z.string(),
  signers: z.array(
    z.object({
      ...signerFields,
      signingUrl: z.string().describe('/s/:token, personal'),
      invited: z.boolean(),
    }),
  ),
});

export const auditTrailSchema = z.object({
  documentId: z.string(),
  events: z.array(
    z.object({
      seq: z.number().int(),
      type: z.string(),
      at: z.string().describe('UTC, milliseconds'),
      actor: z
        .object({
          kind: z.enum(['staff', 'signer', 'system']),
          id: z.string().optional().describe('staff: the user; signer: the signer'),
          name: z.string().optional(),
          email: z.string().optional().describe('signers'),
        })
        .loose(),
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
      .describe(
        'RFC 3161 tokens checked against their event hash and TSA; unanchored: from an external TSA ' +
          'whose root is not known; pending: not yet time-stamped',
      ),
    sealed: z
      .union([
        z.object({ checked: z.literal(true), seq: z.number().int(), hash: z.string() }),
        z.object({
          checked: z.literal(false),
          reason: z.enum(['not_sealed', 'deleted', 'no_attachment', 'not_requested']),
        }),
      ])
      .optional()
      .describe('the chain compared with the trail sealed into the final PDF, up to event seq'),
  }),
  erased: z
    .object({ events: z.number().int(), lastHash: z.string().nullable() })
    .optional()
    .describe(
      'after deletion by retention: how many events were erased, and the hash the remaining chain continues from',
    ),
});

/** The sender's side of the signing flow: signers, send, remind, cancel, and the audit trail. */
export const documentSignerContracts = defineContracts('signing', {
  addSigner: {
    method: 'post',
    path: '/api/v1/documents/:id/signers',
    ...staffOnDocument({ scope: 'documents:write', minimum: 'editor' }),
    summary: 'Add a signer to a draft (name, e-mail, authentication method, optional order and pinned identity)',
    body: addSignerBody,
    responses: { 201: { description: 'added', schema: createdSchema.extend({ position: z.number().int() }) } },
    errors: ['document_not_draft', 'signer_exists', 'too_many_signers', 'unknown_auth_method', 'pin_needs_oidc'],
  },
  listSigners: {
    method: 'get',
    path: '/api/v1/documents/:id/signers',
    ...staffOnDocument({ scope: 'documents:read', minimum: 'viewer' }),
    summary: 'The signers of a document, in order, with their status',
    responses: { 200: { description: 'the signers', schema: signerListSchema } },
  },
  updateSigner: {
    method: 'patch',
    path: '/api/v1/documents/:id/signers/:signerId',
    ...staffOnDocument({ scope: 'documents:write', minimum: 'editor' }),
    summary: 'Change a signer of a draft (name, e-mail, authentication method, language, pinned identity)',
    params: { ...documentId, signerId: idParam('signer id') },
    body: updateSignerBody,
    responses: { 200: { description: 'the signers after the change', schema: signerListSchema } },
    errors: ['document_not_draft', 'signer_exists', 'unknown_auth_method', 'pin_needs_oidc'],
  },
  removeSigner: {
    method: 'delete',
    path: '/api/v1/documents/:id/signers/:signerId',
    ...staffOnDocument({ scope: 'documents:write', minimum: 'editor' }),
    summary: 'Remove a signer from a draft (the ones after move up)',
    params: { ...documentId, signerId: idParam('signer id') },
    responses: { 200: { description: 'the signers after the change', schema: signerListSchema } },
    errors: ['document_not_draft'],
  },
  reorderSigners: {
    method: 'put',
    path: '/api/v1/documents/:id/signers/order',
    ...staffOnDocument({ scope: 'documents:write', minimum: 'editor' }),
    summary: 'Put the signers of a draft in a new order (every signer once, first to sign first)',
    body: reorderSignersBody,
    responses: { 200: { description: 'the signers in their new order', schema: signerListSchema } },
    errors: ['document_not_draft'],
  },
  sendDocument: {
    method: 'post',
    path: '/api/v1/documents/:id/send',
    ...staffOnDocument({ scope: 'documents:write', minimum: 'editor' }),
    summary: 'Send a draft: it becomes pending, signers get their links (e-mailed when it is their turn)',
    body: sendBody,
    responses: { 200: { description: 'sent', schema: sentSchema } },
    errors: ['document_not_draft', 'no_signers', 'invalid_expiry'],
  },
  remindSigners: {
    method: 'post',
    path: '/api/v1/documents/:id/remind',
    ...staffOnDocument({ scope: 'documents:write', minimum: 'editor' }),
    summary: 'Remind the signers whose turn it is (a fresh link each; at most once an hour per signer)',
    body: emptyBody,
    responses: {
      200: {
        description: 'who was reminded',
        schema: z.object({ reminded: z.array(z.string()), skipped: z.array(z.string()) }),
      },
    },
    errors: ['document_not_pending'],
  },
  cancelDocument: {
    method: 'post',
    path: '/api/v1/documents/:id/cancel',
    ...staffOnDocument({ scope: 'documents:write', minimum: 'editor' }),
    summary: 'Withdraw a draft or pending document; every signing link stops working',
    body: cancelBody,
    responses: {
      200: { description: 'cancelled', schema: z.object({ id: z.string(), status: z.literal('cancelled') }) },
    },
    errors: ['document_not_pending', 'document_sealing'],
  },
  getAuditTrail: {
    method: 'get',
    path: '/api/v1/documents/:id/audit-trail',
    ...staffOnDocument({ scope: 'documents:read', minimum: 'viewer' }),
    summary:
      'Every event of the document, hash-chained, with the chain re-checked (altered or removed ' +
      'events show as problems)',
    responses: { 200: { description: 'the audit trail', schema: auditTrailSchema } },
  },
});
