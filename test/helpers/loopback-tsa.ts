import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTimestampResponse } from '../../server/crypto/timestamp-authority.js';
import type { SigningIdentity } from '../../server/crypto/signing-identity.js';
import { systemClock } from '../../server/lib/clock.js';

/** `answer`: a real RFC 3161 reply; `hold`: the request waits (until the mode changes); `down`: HTTP 503 at once. */
export type TsaMode = 'answer' | 'hold' | 'down';

export interface LoopbackTsa {
  url: string;
  /** Requests received so far, and those held now. */
  readonly received: number;
  readonly held: number;
  setMode(mode: TsaMode): void;
  /** Answers the next `count` requests, then holds the ones after them. */
  holdAfter(count: number): void;
  /** Resolves once at least `count` requests are held. */
  waitForHeld(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real RFC 3161 TSA over HTTP on 127.0.0.1 whose outage the test controls: it signs with the given TSA identity
 * (the appliance's own, so that its trust chain is the appliance root), holds requests, or refuses them.
 */
export async function startLoopbackTsa(options: {
  /** or a getter, for an appliance that starts after the TSA */ identity: SigningIdentity | (() => SigningIdentity);
  mode?: TsaMode;
}): Promise<LoopbackTsa> {
  let mode: TsaMode = options.mode ?? 'answer';
  let received = 0;
  let answersBeforeHold = 0;
  const held = new Set<() => void>();
  const heldWaiters = new Set<() => void>();

  const answer = (body: Buffer, response: ServerResponse) => {
    if (response.destroyed) return;
    if (mode === 'down') {
      response.writeHead(503).end();
      return;
    }
    const identity = typeof options.identity === 'function' ? options.identity() : options.identity;
    const reply = createTimestampResponse({ request: body, identity, clock: systemClock });
    response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from(reply));
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received += 1;
      const body = Buffer.concat(chunks);
      if (mode !== 'hold') return answer(body, response);
      if (answersBeforeHold > 0) {
        answersBeforeHold -= 1;
        mode = 'answer';
        answer(body, response);
        mode = 'hold';
        return;
      }
      const release = () => {
        held.delete(release);
        answer(body, response);
      };
      held.add(release);
      response.on('close', () => held.delete(release));
      for (const waiter of heldWaiters) waiter();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    get received() {
      return received;
    },
    get held() {
      return held.size;
    },
    holdAfter(count) {
      answersBeforeHold = count;
      mode = 'hold';
    },
    setMode(next) {
      answersBeforeHold = 0;
      mode = next;
      if (next !== 'hold') for (const release of [...held]) release();
    },
    waitForHeld(count, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (held.size < count) return;
          clearTimeout(timer);
          heldWaiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          heldWaiters.delete(check);
          reject(new Error(`fewer than ${count} TSA requests were held within ${timeoutMs} ms`));
        }, timeoutMs);
        heldWaiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
