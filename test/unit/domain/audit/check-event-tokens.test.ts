import test from 'ava';
import { createTestPki } from '../../../helpers/test-pki.js';
import { createInProcessTimestampSource, requestTimestamp } from '../../../../server/crypto/timestamp-client.js';
import { systemClock } from '../../../../server/lib/clock.js';
import { GENESIS_HASH, hashAuditEvent } from '../../../../server/domain/audit/audit-chain.js';
import { checkEventTokens } from '../../../../server/domain/audit/check-event-tokens.js';

/** Each token is checked against its own event's hash and the TSA certificate, with real tokens from real TSAs. */

const event = (name: string) => {
  const fields = {
    documentId: 'doc-1',
    seq: 3,
    type: 'signer.signed',
    at: '2026-12-07T10:00:00.000Z',
    actor: { kind: 'signer', id: 's1', name, email: 'a@example.org' },
    ip: null,
    userAgent: null,
    data: {},
    prevHash: GENESIS_HASH,
  };
  return { ...fields, hash: hashAuditEvent(fields) };
};

test('a token verifies only for its own event, from a trusted TSA; absent ones are pending or missing', async (t) => {
  const [ours, foreign] = await Promise.all([createTestPki(), createTestPki()]);
  const tokenBy = async (pki: typeof ours, hash: string) =>
    Buffer.from(
      (
        await requestTimestamp({
          digest: Buffer.from(hash, 'hex'),
          sources: [createInProcessTimestampSource({ identity: pki.tsa, clock: systemClock })],
        })
      ).token,
    ).toString('base64');
  const original = event('Kari Nordmann');
  const token = await tokenBy(ours, original.hash);
  const trust = { trustAnchors: [ours.ca.certificate], acceptUnanchoredTsa: false };
  const check = (
    events: { seq: number; type: string; hash: string; timestampToken: string | null }[],
    options: { acceptUnanchoredTsa?: boolean; required?: boolean } = {},
  ) =>
    checkEventTokens({
      events,
      trust: { ...trust, acceptUnanchoredTsa: options.acceptUnanchoredTsa ?? false },
      tokenRequired: () => options.required ?? false,
    });

  t.deepEqual(check([{ ...original, timestampToken: token }]), {
    problems: [],
    tokens: { verified: 1, unanchored: 0, pending: 0 },
  });

  const rewritten = event('Mallory Forger');
  const forged = check([{ ...rewritten, timestampToken: token }]);
  t.deepEqual(
    forged.problems.map((p) => [p.code, p.seq]),
    [['token_mismatch', 3]],
  );
  t.regex(forged.problems[0]!.message, /another hash/);

  const foreignToken = await tokenBy(foreign, original.hash);
  const untrusted = check([{ ...original, timestampToken: foreignToken }]);
  t.deepEqual(
    untrusted.problems.map((p) => p.code),
    ['token_mismatch'],
    'without external TSAs only the appliance’s TSA counts',
  );
  t.regex(untrusted.problems[0]!.message, /time-stamping authority/);
  t.deepEqual(check([{ ...original, timestampToken: foreignToken }], { acceptUnanchoredTsa: true }), {
    problems: [],
    tokens: { verified: 0, unanchored: 1, pending: 0 },
  });
  t.deepEqual(
    check([{ ...rewritten, timestampToken: foreignToken }], { acceptUnanchoredTsa: true }).problems.map((p) => p.code),
    ['token_mismatch'],
    'an external token must still cover the hash',
  );

  const damaged = Buffer.from(token, 'base64');
  damaged[damaged.length - 5] ^= 0xff;
  for (const bad of [damaged.toString('base64'), 'bm90IGEgdG9rZW4='])
    t.deepEqual(
      check([{ ...original, timestampToken: bad }]).problems.map((p) => p.code),
      ['token_mismatch'],
    );

  t.deepEqual(check([{ ...original, timestampToken: null }]), {
    problems: [],
    tokens: { verified: 0, unanchored: 0, pending: 1 },
  });
  t.deepEqual(
    check([{ ...original, timestampToken: null }], { required: true }).problems.map((p) => [p.code, p.seq]),
    [['token_missing', 3]],
  );
});
