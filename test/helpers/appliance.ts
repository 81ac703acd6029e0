import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sealer } from '../../server/domain/sealer.js';
import { createApp } from '../../server/http/create-app.js';
import { createLogger, type Logger } from '../../server/lib/logger.js';
import { loadConfig } from '../../server/lib/config.js';
import { openAppliance, type OpenedAppliance } from '../../server/main.js';
import type { Clock } from '../../server/lib/clock.js';
import { tempDir } from './external-tool.js';

export interface TestAppliance {
  dataDir: string;
  url: string;
  sealer: Sealer;
  deps: OpenedAppliance;
  server: Server;
  close(): Promise<void>;
}

export interface TestApplianceOptions {
  /** Default: a new temporary directory. */
  dataDir?: string;
  env?: Record<string, string>;
  logger?: Logger;
  clock?: Clock;
  /** Start the job runner (default true). */
  jobs?: boolean;
}

/**
 * A real appliance HTTP server on 127.0.0.1 (temporary SQLite database and data directory) whose certificates
 * point at it, so that validators that fetch OCSP or CRLs online (pdfsig through NSS does) reach our responder.
 */
export async function startTestAppliance(options: TestApplianceOptions = {}): Promise<TestAppliance> {
  const dataDir = options.dataDir ?? tempDir('segl-appliance-');
  let handler: Parameters<typeof createServer>[1] = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // no scheduled retention runs unless a test asks for them (the clock of a test may be far ahead)
  // a TSA the test runs is on loopback, which the outbound guard refuses unless the operator allows it
  const loopbackTsa = options.env?.SEGL_TSA_URLS ? { SEGL_TSA_ALLOW_PRIVATE_NETWORK: 'true' } : {};
  const quiet = { SEGL_RETENTION_SCHEDULE: 'off', SEGL_LTA_SCHEDULE: 'off' };
  // every JSON answer must match its route contract (what the OpenAPI document and the portal's types say)
  const checked = { SEGL_CHECK_RESPONSES: 'on' };
  const config = loadConfig({
    env: { SEGL_PUBLIC_URL: url, PORT: String(port), ...quiet, ...checked, ...loopbackTsa, ...options.env },
    dataDir,
  });
  const deps = await openAppliance({
    config,
    logger: options.logger ?? createLogger({ level: 'silent' }),
    clock: options.clock,
  });
  if (options.jobs !== false) deps.startBackground();
  handler = createApp(deps).callback();
  return {
    dataDir,
    url,
    sealer: deps.sealer,
    deps,
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.close();
    },
  };
}
