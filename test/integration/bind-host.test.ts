import test from 'ava';
import { rmSync } from 'node:fs';
import { tempDir } from '../helpers/external-tool.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/** `SEGL_HOST` binds one address; without it the appliance listens on every interface (127.0.0.2 is loopback too). */
async function answers(url: string): Promise<number | string> {
  try {
    return (await fetch(url)).status;
  } catch (error) {
    return String((error as { cause?: { code?: string } }).cause?.code ?? error);
  }
}

test('SEGL_HOST=127.0.0.1 listens there only; by default every interface answers', async (t) => {
  t.timeout(180_000);
  const dataDir = tempDir('segl-bind-');
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess({ dataDir, env: { SEGL_HOST: '127.0.0.1' } });
    const port = new URL(server.url).port;
    t.is(server.url, `http://127.0.0.1:${port}`, 'it says where it listens');
    t.is(await answers(`http://127.0.0.1:${port}/livez`), 200);
    t.is(
      await answers(`http://127.0.0.2:${port}/livez`),
      'ECONNREFUSED',
      'another address of this machine is not served',
    );
    await server.kill();

    server = await startServerProcess({ dataDir });
    const allPort = new URL(server.url).port;
    t.is(await answers(`http://127.0.0.1:${allPort}/livez`), 200);
    t.is(await answers(`http://127.0.0.2:${allPort}/livez`), 200, 'every interface by default');
  } finally {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
