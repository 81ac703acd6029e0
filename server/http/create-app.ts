import Koa from 'koa';
import type Router from '@koa/router';
import type { ApplianceServices } from '../domain/appliance-services.js';
import type { JobKicker } from '../domain/jobs/job-queue.js';
import type { Config } from '../lib/config.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { requestContext } from './middleware/request-context.js';
import { securityHeaders } from './middleware/security-headers.js';
import { clientAddress } from './middleware/client-address.js';
import { pkiRoutes } from './routes/pki/index.js';
import { tsaRoutes } from './routes/tsa/index.js';
import { healthRoutes } from './routes/health/index.js';
import { authRoutes } from './routes/auth/index.js';
import { userRoutes } from './routes/users/index.js';
import { tokenRoutes } from './routes/tokens/index.js';
import { documentRoutes } from './routes/documents/index.js';
import { documentSignerRoutes } from './routes/document-signers/index.js';
import { signerApiRoutes } from './routes/signer-api/index.js';
import { webhookRoutes } from './routes/webhooks/index.js';
import { retentionRoutes } from './routes/retention/index.js';
import { sealKeyRoutes } from './routes/seal-key/index.js';
import { exportRoutes } from './routes/export/index.js';
import { folderRoutes } from './routes/folders/index.js';
import { groupRoutes } from './routes/groups/index.js';
import { setupRoutes } from './routes/setup/index.js';
import { openapiRoutes } from './routes/openapi/index.js';
import { appRoutes } from './routes/app/index.js';
import { verifyRoutes } from './routes/verify/index.js';
import { portalRoutes } from './routes/portal/index.js';
import { signerPageRoutes } from './routes/signer-page/index.js';
import { metricsRoutes } from './routes/metrics/index.js';
import { httpMetrics } from './middleware/http-metrics.js';

/**
 * What the HTTP layer gets from the service graph built in server/main.ts: the use cases (bound to the database,
 * keys, archive and sealer, which the HTTP layer never holds), the configuration, the clock and the logger.
 */
export interface AppDependencies {
  services: ApplianceServices;
  logger: Logger;
  config: Config;
  clock: Clock;
  jobs: JobKicker;
}

/** The appliance's HTTP application; every dependency comes in, nothing is global. */
export function createApp(deps: AppDependencies): Koa {
  const app = new Koa();
  // Client addresses come from clientAddress(), which believes X-Forwarded-For only from trusted proxies.
  app.proxy = false;
  app.silent = true;
  app.use(clientAddress(deps.config.trustedProxies));
  app.use(httpMetrics());
  app.use(requestContext(deps.logger));
  app.use(securityHeaders({ publicUrl: deps.config.publicUrl }));
  // The public verification API first: it takes the most traffic, and every router before it costs a path match.
  const routers: Router[] = [
    verifyRoutes(deps),
    healthRoutes(deps),
    pkiRoutes(deps),
    tsaRoutes(deps),
    setupRoutes(deps),
    authRoutes(deps),
    userRoutes(deps),
    tokenRoutes(deps),
    groupRoutes(deps),
    folderRoutes(deps),
    documentRoutes(deps),
    documentSignerRoutes(deps),
    signerApiRoutes(deps),
    webhookRoutes(deps),
    retentionRoutes(deps),
    exportRoutes(deps),
    openapiRoutes(deps),
    appRoutes(deps),
    portalRoutes(deps),
    signerPageRoutes(deps),
    metricsRoutes(deps),
    sealKeyRoutes(deps),
  ];
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
