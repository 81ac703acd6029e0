import { z } from 'zod';
import type { RouteSpec } from '../openapi/route-spec.js';

const token = z.string().min(1).max(200);
const password = z.string().min(1).max(1024);
const code = z.string().regex(/^\d{6}$/).describe('the 6-digit TOTP code');
const totpSetup = z.object({ userId: z.string(), totpSecret: z.string(), otpauthUri: z.string() });
const enrolled = z.object({ userId: z.string(), recoveryCodes: z.array(z.string()) });

/** First administrator (one-time setup token printed at start) and enrolment of invited staff; routers in routes/setup. */
export const setupSpecs = {
  setupStatus: {
    method: 'post', path: '/api/v1/setup/status', operationId: 'checkSetupToken', tag: 'setup', auth: 'public', summary: 'Whether a setup token is valid',
    body: z.strictObject({ token }), responses: { 200: { description: 'validity', schema: z.object({ valid: z.boolean() }) } },
  },
  setupBegin: {
    method: 'post', path: '/api/v1/setup', operationId: 'beginSetup', tag: 'setup', auth: 'public', summary: 'Create the first administrator; answers the TOTP secret to scan',
    body: z.strictObject({ token, email: z.email().max(320), name: z.string().min(1).max(200), password }),
    responses: { 200: { description: 'TOTP set-up data', schema: totpSetup } },
  },
  setupConfirm: {
    method: 'post', path: '/api/v1/setup/confirm', operationId: 'confirmSetup', tag: 'setup', auth: 'public', summary: 'Confirm TOTP for the first administrator; answers recovery codes once',
    body: z.strictObject({ token, code }), responses: { 200: { description: 'done', schema: enrolled } },
  },
  enrolStatus: {
    method: 'post', path: '/api/v1/enrol/status', operationId: 'checkEnrolment', tag: 'enrolment', auth: 'public', summary: 'Whether an enrolment link is valid, and for whom',
    body: z.strictObject({ token }), responses: { 200: { description: 'validity', schema: z.object({ valid: z.boolean(), email: z.string().optional(), name: z.string().optional() }) } },
  },
  enrolBegin: {
    method: 'post', path: '/api/v1/enrol', operationId: 'beginEnrolment', tag: 'enrolment', auth: 'public', summary: 'Set a password; answers the TOTP secret to scan',
    body: z.strictObject({ token, password }), responses: { 200: { description: 'TOTP set-up data', schema: totpSetup } },
  },
  enrolConfirm: {
    method: 'post', path: '/api/v1/enrol/confirm', operationId: 'confirmEnrolment', tag: 'enrolment', auth: 'public', summary: 'Confirm TOTP; answers recovery codes once',
    body: z.strictObject({ token, code }), responses: { 200: { description: 'enrolled', schema: enrolled } },
  },
} satisfies Record<string, RouteSpec>;
