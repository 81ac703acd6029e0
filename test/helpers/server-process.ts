import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './cli.js';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
}

/**
 * `segl serve` as a real child process on a free port; resolves once it prints where it runs, or with
 * `until: 'listening'` as soon as it listens (it answers /livez and /readyz while it starts).
 */
export function startServerProcess(options: {
  dataDir: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  until?: 'running' | 'listening';
}): Promise<ServerProcess> {
  // a TSA the test runs is on loopback, which the outbound guard refuses unless the operator allows it
  const loopbackTsa = options.env?.SEGL_TSA_URLS ? { SEGL_TSA_ALLOW_PRIVATE_NETWORK: 'true' } : {};
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    SEGL_LOG_LEVEL: 'warn',
    ...loopbackTsa,
    ...options.env,
  };
  for (const name of [
    'SEGL_DATA_DIR',
    'SEGL_KEK',
    'SEGL_PUBLIC_URL',
    'DATABASE_URL',
    'SEGL_HOST',
    'SEGL_NODE_ID',
    'SEGL_TSA_URLS',
  ])
    if (!options.env || !(name in options.env)) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/segl.ts', '--data', options.dataDir, 'serve'], {
    cwd: REPO_ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`segl serve did not start: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.stdout!.resume();
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = (
        options.until === 'listening' ? /Segl is starting at (http:\/\/\S+)/ : /Segl is running at (http:\/\/\S+)/
      ).exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1].replace('localhost', '127.0.0.1'),
          child,
          kill: async () => {
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`segl serve exited with ${code ?? signal}: ${stderr}`));
    });
  });
}
