import { createServer, type Server } from 'node:http';
import { loadConfig, type Config } from './lib/config.js';
import { createLogger } from './lib/logger.js';
import { openSigningContext } from './domain/signing-context.js';
import { createApp } from './http/create-app.js';

export interface RunningAppliance {
  config: Config;
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The composition root: configuration, keys, HTTP. */
export async function startAppliance(options: { dataDir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunningAppliance> {
  const config = loadConfig({ env: options.env, dataDir: options.dataDir });
  const logger = createLogger({ level: config.logLevel });
  const signing = await openSigningContext({ config });
  const app = createApp({ signing, logger, trustedProxies: config.trustedProxies });
  const server = createServer(app.callback());
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  logger.info({ url, publicUrl: config.publicUrl, dataDir: config.dataDir }, 'segl is listening');
  process.stderr.write(`Segl is running at ${url} (public URL ${config.publicUrl}, data in ${config.dataDir})\n`);
  return {
    config,
    server,
    url,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
