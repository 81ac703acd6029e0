import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openSigningContext, type SigningContext } from '../../server/domain/signing-context.js';
import { createApp } from '../../server/http/create-app.js';
import { createLogger } from '../../server/lib/logger.js';
import { loadConfig } from '../../server/lib/config.js';
import { tempDir } from './external-tool.js';

export interface TestAppliance {
  dataDir: string;
  url: string;
  signing: SigningContext;
  server: Server;
  close(): Promise<void>;
}

/**
 * A real appliance HTTP server on 127.0.0.1 whose certificates point at it, so that validators that fetch
 * OCSP or CRLs online (pdfsig through NSS does) reach our responder.
 */
export async function startTestAppliance(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<TestAppliance> {
  const dataDir = options.dataDir ?? tempDir('segl-appliance-');
  let handler: Parameters<typeof createServer>[1] = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ env: { SEGL_PUBLIC_URL: url, PORT: String(port), ...options.env }, dataDir });
  const signing = await openSigningContext({ config });
  handler = createApp({ signing, logger: createLogger({ level: 'silent' }) }).callback();
  return {
    dataDir,
    url,
    signing,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
