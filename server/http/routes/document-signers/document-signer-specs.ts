import { z } from 'zod';
import type { RouteSpec } from '../openapi/route-spec.js';
import { createdSchema } from '../openapi/common-schemas.js';
import { addSignerBody, auditTrailSchema, cancelBody, emptyBody, reorderSignersBody, sendBody, sentSchema, signerListSchema, updateSignerBody } from './document-signer-schemas.js';

const tag = 'signing';
const documentId = { id: 'document id' };

/** The sender's side of the signing flow: signers, send, remind, cancel, and the audit trail. */
export const documentSignerSpecs = {
  addSigner: {
    method: 'post', path: '/api/v1/documents/:id/signers', operationId: 'addSigner', tag, auth: 'staff', scope: 'documents:write',
    summary: 'Add a signer to a draft (name, e-mail, authentication method, optional order and pinned identity)',
    access: { kind: 'document', minimum: 'editor' }, params: documentId, body: addSignerBody,
    responses: { 201: { description: 'added', schema: createdSchema.extend({ position: z.number().int() }) }, 409: { description: 'document_not_draft, signer_exists or too_many_signers' }, 422: { description: 'unknown_auth_method, pin_needs_oidc or invalid_request' } },
  },
  listSigners: {
    method: 'get', path: '/api/v1/documents/:id/signers', operationId: 'listSigners', tag, auth: 'staff', scope: 'documents:read',
    summary: 'The signers of a document, in order, with their status',
    access: { kind: 'document', minimum: 'viewer' }, params: documentId,
    responses: { 200: { description: 'the signers', schema: signerListSchema } },
  },
  updateSigner: {
    method: 'patch', path: '/api/v1/documents/:id/signers/:signerId', operationId: 'updateSigner', tag, auth: 'staff', scope: 'documents:write',
    summary: 'Change a signer of a draft (name, e-mail, authentication method, language, pinned identity)',
    access: { kind: 'document', minimum: 'editor' }, params: { ...documentId, signerId: 'signer id' }, body: updateSignerBody,
    responses: { 200: { description: 'the signers after the change', schema: signerListSchema }, 409: { description: 'document_not_draft or signer_exists' }, 422: { description: 'unknown_auth_method, pin_needs_oidc or invalid_request' } },
  },
  removeSigner: {
    method: 'delete', path: '/api/v1/documents/:id/signers/:signerId', operationId: 'removeSigner', tag, auth: 'staff', scope: 'documents:write',
    summary: 'Remove a signer from a draft (the ones after move up)',
    access: { kind: 'document', minimum: 'editor' }, params: { ...documentId, signerId: 'signer id' },
    responses: { 200: { description: 'the signers after the change', schema: signerListSchema }, 409: { description: 'document_not_draft' } },
  },
  reorderSigners: {
    method: 'put', path: '/api/v1/documents/:id/signers/order', operationId: 'reorderSigners', tag, auth: 'staff', scope: 'documents:write',
    summary: 'Put the signers of a draft in a new order (every signer once, first to sign first)',
    access: { kind: 'document', minimum: 'editor' }, params: documentId, body: reorderSignersBody,
    responses: { 200: { description: 'the signers in their new order', schema: signerListSchema }, 409: { description: 'document_not_draft' }, 422: { description: 'invalid_request' } },
  },
  sendDocument: {
    method: 'post', path: '/api/v1/documents/:id/send', operationId: 'sendDocument', tag, auth: 'staff', scope: 'documents:write',
    summary: 'Send a draft: it becomes pending, signers get their links (e-mailed when it is their turn)',
    access: { kind: 'document', minimum: 'editor' }, params: documentId, body: sendBody,
    responses: { 200: { description: 'sent', schema: sentSchema }, 409: { description: 'document_not_draft or no_signers' }, 422: { description: 'invalid_expiry' } },
  },
  remindSigners: {
    method: 'post', path: '/api/v1/documents/:id/remind', operationId: 'remindSigners', tag, auth: 'staff', scope: 'documents:write',
    summary: 'Remind the signers whose turn it is (a fresh link each; at most once an hour per signer)',
    access: { kind: 'document', minimum: 'editor' }, params: documentId, body: emptyBody,
    responses: { 200: { description: 'who was reminded', schema: z.object({ reminded: z.array(z.string()), skipped: z.array(z.string()) }) }, 409: { description: 'document_not_pending' } },
  },
  cancelDocument: {
    method: 'post', path: '/api/v1/documents/:id/cancel', operationId: 'cancelDocument', tag, auth: 'staff', scope: 'documents:write',
    summary: 'Withdraw a draft or pending document; every signing link stops working',
    access: { kind: 'document', minimum: 'editor' }, params: documentId, body: cancelBody,
    responses: { 200: { description: 'cancelled', schema: z.object({ id: z.string(), status: z.literal('cancelled') }) }, 409: { description: 'document_not_pending or document_sealing' } },
  },
  getAuditTrail: {
    method: 'get', path: '/api/v1/documents/:id/audit-trail', operationId: 'getAuditTrail', tag, auth: 'staff', scope: 'documents:read',
    summary: 'Every event of the document, hash-chained, with the chain re-checked (altered or removed events show as problems)',
    access: { kind: 'document', minimum: 'viewer' }, params: documentId,
    responses: { 200: { description: 'the audit trail', schema: auditTrailSchema } },
  },
} satisfies Record<string, RouteSpec>;
