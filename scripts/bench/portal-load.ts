import { Agent, request } from 'node:http';
import { round } from './stats.js';

export interface LoadReport {
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers by HTTP status; anything not expected counts as an error. */
  statuses: Record<string, number>;
  errors: number;
}

/** A bounded HTTP/1.1 load generator: `connections` keep-alive clients, each sending one request after another. */
export async function generateLoad(options: {
  url: string;
  /** Path of the i-th request. */
  path: (i: number) => string;
  connections: number;
  seconds: number;
  warmupSeconds?: number;
  /** A hard cap on requests, whatever the duration. */
  maxRequests?: number;
}): Promise<LoadReport> {
  const target = new URL(options.url);
  if (target.hostname !== '127.0.0.1') throw new Error('the load generator only targets 127.0.0.1');
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const maxRequests = options.maxRequests ?? 5_000_000;
  let counter = 0;
  const send = (path: string) =>
    new Promise<number>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: Number(target.port),
          path,
          agent,
          method: 'GET',
          headers: { Accept: 'application/json' },
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(0));
        },
      );
      req.setTimeout(10_000, () => req.destroy());
      req.on('error', () => resolve(0));
      req.end();
    });

  const run = async (seconds: number, record: boolean) => {
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    let errors = 0;
    const deadline = performance.now() + seconds * 1000;
    const client = async () => {
      while (performance.now() < deadline && counter < maxRequests) {
        const i = counter++;
        const started = performance.now();
        const status = await send(options.path(i));
        if (!record) continue;
        latencies.push(performance.now() - started);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 0 || status >= 500) errors += 1;
      }
    };
    const began = performance.now();
    await Promise.all(Array.from({ length: options.connections }, client));
    return { latencies, statuses, errors, elapsed: (performance.now() - began) / 1000 };
  };

  try {
    if (options.warmupSeconds) await run(options.warmupSeconds, false);
    counter = 0;
    const { latencies, statuses, errors, elapsed } = await run(options.seconds, true);
    latencies.sort((a, b) => a - b);
    const at = (q: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0);
    return {
      connections: options.connections,
      seconds: round(elapsed),
      requests: latencies.length,
      requestsPerSecond: Math.round(latencies.length / elapsed),
      p50Ms: at(0.5),
      p90Ms: at(0.9),
      p99Ms: at(0.99),
      maxMs: round(latencies[latencies.length - 1] ?? 0),
      statuses,
      errors,
    };
  } finally {
    agent.destroy();
  }
}
