import Koa from 'koa';
import type { SigningContext } from '../domain/signing-context.js';
import type { Logger } from '../lib/logger.js';
import { requestContext } from './middleware/request-context.js';
import { securityHeaders } from './middleware/security-headers.js';
import { pkiRoutes } from './routes/pki/index.js';
import { tsaRoutes } from './routes/tsa/index.js';
import { healthRoutes } from './routes/health/index.js';

export interface AppDependencies {
  signing: SigningContext;
  logger: Logger;
  trustedProxies?: string[];
}

/** The appliance's HTTP application; every dependency comes in, nothing is global. */
export function createApp(deps: AppDependencies): Koa {
  const app = new Koa();
  app.proxy = (deps.trustedProxies ?? []).length > 0;
  app.silent = true;
  app.use(requestContext(deps.logger));
  app.use(securityHeaders());
  for (const router of [healthRoutes(deps.signing), pkiRoutes(deps.signing), tsaRoutes(deps.signing)]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
