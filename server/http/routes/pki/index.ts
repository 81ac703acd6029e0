import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { routeMounter } from '../../contract/mount-route.js';
import { createRateLimiter, rateLimit } from '../../middleware/rate-limit.js';
import { throttleKey } from '../../middleware/client-address.js';
import { readRawBody } from '../../read-raw-body.js';
import { OCSP_REQUEST_LIMIT, pkiContracts as contracts } from './pki-contracts.js';

/**
 * The appliance CA's public face: root certificate, CRL and OCSP (RFC 6960, POST and GET forms). OCSP signs every
 * answer and the CRL is re-signed when due, so both are rate-limited per client network (`SEGL_PKI_RATE_LIMIT` a
 * minute); validators ask a few times per document.
 */
export function pkiRoutes(deps: AppDependencies): Router {
  const { config, clock } = deps;
  const { pki } = deps.services;
  const router = new Router();
  const route = routeMounter(router, deps);
  const limiter = createRateLimiter({ limit: config.pkiRateLimit, windowMs: 60_000, now: () => clock.now().getTime() });
  const perNetwork = { before: [rateLimit({ limiter, key: (ctx) => throttleKey(ctx.ip) })] };
  route(contracts.rootCer, (ctx) => {
    ctx.type = 'application/pkix-cert';
    ctx.body = Buffer.from(pki.rootCertificateDer());
  });
  route(contracts.rootPem, (ctx) => {
    ctx.type = 'application/x-pem-file';
    ctx.body = pki.rootCertificatePem();
  });
  route(contracts.crl, perNetwork, (ctx) => {
    ctx.type = 'application/pkix-crl';
    ctx.set('Cache-Control', 'max-age=300');
    ctx.body = Buffer.from(pki.currentCrl());
  });
  route(contracts.ocspPost, perNetwork, async (ctx) => {
    const request = await readRawBody(ctx, { types: ['application/ocsp-request'], limit: OCSP_REQUEST_LIMIT });
    ctx.type = 'application/ocsp-response';
    ctx.body = Buffer.from(pki.answerOcspRequest(request));
  });
  route(contracts.ocspGet, perNetwork, (ctx) => {
    ctx.type = 'application/ocsp-response';
    ctx.body = Buffer.from(pki.answerOcspRequest(Buffer.from(ctx.input.params.request, 'base64')));
  });
  return router;
}
