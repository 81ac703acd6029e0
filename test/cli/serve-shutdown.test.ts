import test from 'ava';
import { request } from 'node:http';
import { startServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/external-tool.js';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';

/**
 * SIGTERM (docker stop) lets a request in flight finish: an upload whose body is still arriving when the signal
 * comes is stored and answered 201; new connections are refused meanwhile; the process then exits 0.
 */
test('SIGTERM: the upload in flight finishes, then the process exits cleanly', async (t) => {
  const dataDir = tempDir('segl-shutdown-');
  const server = await startServerProcess({ dataDir });
  const exit = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  let stderr = '';
  server.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  try {
    const token = await createToken(dataDir);
    const pdf = Buffer.from(await createSamplePdf({ pages: 2, title: 'In flight' }));
    const boundary = 'seglboundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nIn flight\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const body = Buffer.concat([head, pdf, tail]);
    const url = new URL('/api/v1/documents', server.url);
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': `multipart/form-data; boundary=${boundary}`,
            'Content-Length': body.length,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, 1000));
      // the rest of the body comes only after the signal was received
      const waitForSignal = setInterval(() => {
        if (!stderr.includes('SIGTERM received')) return;
        clearInterval(waitForSignal);
        req.end(body.subarray(1000));
      }, 20);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill('SIGTERM');
    const result = await response;
    t.is(result.status, 201, result.body);
    t.is(JSON.parse(result.body).status, 'draft');
    t.is(await exit, 0, stderr);
    t.regex(stderr, /segl: stopped/);
  } finally {
    if (server.child.exitCode === null) await server.kill();
  }
});

async function createToken(dataDir: string): Promise<string> {
  const { runSegl } = await import('../helpers/cli.js');
  const admin = await runSegl(['--data', dataDir, 'admin', 'create', '--email', 'ops@example.org', '--name', 'Ops']);
  if (admin.code !== 0) throw new Error(admin.stderr);
  const result = await runSegl([
    '--data',
    dataDir,
    'token',
    'create',
    '--email',
    'ops@example.org',
    '--name',
    'shutdown',
  ]);
  if (result.code !== 0) throw new Error(result.stderr);
  return /segl_[A-Za-z0-9_-]+/.exec(result.stdout)![0];
}
