import { z } from 'zod';
import { defineContracts } from '../../contract/route-contract.js';

export const OCSP_REQUEST_LIMIT = 16 * 1024;

/** The appliance CA's public face (outside /api/v1: validators fetch these by the URLs in certificates). */
export const pkiContracts = defineContracts('pki', {
  rootCer: {
    method: 'get',
    path: '/pki/root.cer',
    operationId: 'getRootCer',
    auth: 'public',
    openapi: false,
    summary: 'The appliance root certificate (DER)',
    responses: { 200: { description: 'the certificate', contentType: 'application/pkix-cert' } },
  },
  rootPem: {
    method: 'get',
    path: '/pki/root.pem',
    operationId: 'getRootPem',
    auth: 'public',
    openapi: false,
    summary: 'The appliance root certificate (PEM)',
    responses: { 200: { description: 'the certificate', contentType: 'application/x-pem-file' } },
  },
  crl: {
    method: 'get',
    path: '/pki/crl',
    operationId: 'getCrl',
    auth: 'public',
    openapi: false,
    summary: 'The current CRL',
    errors: ['rate_limited'],
    responses: { 200: { description: 'the CRL', contentType: 'application/pkix-crl' } },
  },
  ocspPost: {
    method: 'post',
    path: '/pki/ocsp',
    operationId: 'postOcsp',
    auth: 'public',
    openapi: false,
    summary: 'OCSP (RFC 6960), POST form',
    binaryBody: { contentType: 'application/ocsp-request', description: 'a DER OCSP request' },
    errors: ['rate_limited', 'unsupported_media_type', 'payload_too_large'],
    responses: { 200: { description: 'the signed answer', contentType: 'application/ocsp-response' } },
  },
  ocspGet: {
    method: 'get',
    path: '/pki/ocsp/:request',
    operationId: 'getOcsp',
    auth: 'public',
    openapi: false,
    summary: 'OCSP (RFC 6960), GET form',
    params: {
      // the router has already percent-decoded the parameter
      request: {
        description: 'the base64 DER OCSP request',
        schema: z
          .string()
          .max(OCSP_REQUEST_LIMIT)
          .regex(/^[A-Za-z0-9+/=_-]+$/),
        invalid: { code: 'invalid_ocsp_request', message: 'the OCSP request is not base64' },
      },
    },
    errors: ['rate_limited'],
    responses: { 200: { description: 'the signed answer', contentType: 'application/ocsp-response' } },
  },
});
