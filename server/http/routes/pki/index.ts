import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';
import { createRateLimiter, rateLimit } from '../../middleware/rate-limit.js';
import { throttleKey } from '../../middleware/client-address.js';
import { readRawBody } from '../../read-raw-body.js';
import { SeglError } from '../../../lib/errors.js';

const OCSP_REQUEST_LIMIT = 16 * 1024;

/**
 * The appliance CA's public face: root certificate, CRL and OCSP (RFC 6960, POST and GET forms). OCSP signs every
 * answer and the CRL is re-signed when due, so both are rate-limited per client network (`SEGL_PKI_RATE_LIMIT` a
 * minute); validators ask a few times per document.
 */
export function pkiRoutes(deps: AppDependencies): Router {
  const { sealer, config, clock } = deps;
  const router = new Router({ prefix: '/pki' });
  const limiter = createRateLimiter({ limit: config.pkiRateLimit, windowMs: 60_000, now: () => clock.now().getTime() });
  const perNetwork = rateLimit({ limiter, key: (ctx) => throttleKey(ctx.ip) });
  router.get('/root.cer', (ctx) => {
    ctx.type = 'application/pkix-cert';
    ctx.body = Buffer.from(sealer.rootCertificateDer());
  });
  router.get('/root.pem', (ctx) => {
    ctx.type = 'application/x-pem-file';
    ctx.body = sealer.rootCertificatePem();
  });
  router.get('/crl', perNetwork, (ctx) => {
    ctx.type = 'application/pkix-crl';
    ctx.set('Cache-Control', 'max-age=300');
    ctx.body = Buffer.from(sealer.currentCrl());
  });
  router.post('/ocsp', perNetwork, async (ctx) => {
    const request = await readRawBody(ctx, { types: ['application/ocsp-request'], limit: OCSP_REQUEST_LIMIT });
    ctx.type = 'application/ocsp-response';
    ctx.body = Buffer.from(sealer.answerOcspRequest(request));
  });
  router.get('/ocsp/:request', perNetwork, (ctx) => {
    // The router has already percent-decoded the parameter.
    const encoded = ctx.params.request;
    if (encoded.length > OCSP_REQUEST_LIMIT || !/^[A-Za-z0-9+/=_-]+$/.test(encoded)) {
      throw new SeglError({ code: 'invalid_ocsp_request', message: 'the OCSP request is not base64' });
    }
    ctx.type = 'application/ocsp-response';
    ctx.body = Buffer.from(sealer.answerOcspRequest(Buffer.from(encoded, 'base64')));
  });
  return router;
}
