import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';
import { plainText } from '../../contract/plain-text.js';

const token = z.string().min(1).max(200);
const password = z.string().min(1).max(1024);
const code = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'a 6-digit code')
  .describe('the 6-digit TOTP code');
const totpSetup = z.object({ userId: z.string(), totpSecret: z.string(), otpauthUri: z.string() });
const enrolled = z.object({ userId: z.string(), recoveryCodes: z.array(z.string()) });

/** An HTML page (the page asks the API whether its link is valid): any `:token` is served the same page. */
const page = (path: string, summary: string) =>
  ({
    method: 'get',
    path,
    auth: 'public',
    summary,
    openapi: false,
    responses: { 200: { description: 'the page', contentType: 'text/html' } },
    errors: ['sign_in_unavailable'],
  }) as const;

/**
 * First administrator (one-time setup token printed at start) and enrolment of invited staff; routers in routes/setup.
 */
export const setupContracts = {
  ...defineContracts('setup', {
    setupPage: page('/setup/:token', "The first administrator's set-up page"),
    enrolPage: page('/enrol/:token', 'The enrolment page of an invited staff user'),
    loginPage: page('/login', 'The staff login page'),
    setupStatus: {
      method: 'post',
      path: '/api/v1/setup/status',
      operationId: 'checkSetupToken',
      auth: 'public',
      summary: 'Whether a setup token is valid',
      body: z.strictObject({ token }),
      responses: { 200: { description: 'validity', schema: z.object({ valid: z.boolean() }) } },
    },
    setupBegin: {
      method: 'post',
      path: '/api/v1/setup',
      operationId: 'beginSetup',
      auth: 'public',
      summary: 'Create the first administrator; answers the TOTP secret to scan',
      body: z.strictObject({ token, email: z.email().max(320), name: plainText({ max: 200 }), password }),
      responses: { 200: { description: 'TOTP set-up data', schema: totpSetup } },
    },
    setupConfirm: {
      method: 'post',
      path: '/api/v1/setup/confirm',
      operationId: 'confirmSetup',
      auth: 'public',
      summary: 'Confirm TOTP for the first administrator; answers recovery codes once',
      body: z.strictObject({ token, code }),
      responses: { 200: { description: 'done', schema: enrolled } },
    },
  }),
  ...defineContracts('enrolment', {
    enrolStatus: {
      method: 'post',
      path: '/api/v1/enrol/status',
      operationId: 'checkEnrolment',
      auth: 'public',
      summary: 'Whether an enrolment link is valid, and for whom',
      body: z.strictObject({ token }),
      responses: {
        200: {
          description: 'validity',
          schema: z.object({ valid: z.boolean(), email: z.string().optional(), name: z.string().optional() }),
        },
      },
    },
    enrolBegin: {
      method: 'post',
      path: '/api/v1/enrol',
      operationId: 'beginEnrolment',
      auth: 'public',
      summary: 'Set a password; answers the TOTP secret to scan',
      body: z.strictObject({ token, password }),
      responses: { 200: { description: 'TOTP set-up data', schema: totpSetup } },
    },
    enrolConfirm: {
      method: 'post',
      path: '/api/v1/enrol/confirm',
      operationId: 'confirmEnrolment',
      auth: 'public',
      summary: 'Confirm TOTP; answers recovery codes once',
      body: z.strictObject({ token, code }),
      responses: { 200: { description: 'enrolled', schema: enrolled } },
    },
  }),
};
