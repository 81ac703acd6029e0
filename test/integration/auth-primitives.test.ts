import test from 'ava';
import {
  buildOtpauthUri,
  computeTotp,
  decodeBase32,
  encodeBase32,
  matchTotp,
  totpStep,
} from '../../server/domain/auth/totp.js';
import { assertPasswordPolicy, hashPassword, verifyPassword } from '../../server/domain/auth/password-hash.js';
import { consumeRecoveryCode, createRecoveryCodes } from '../../server/domain/auth/recovery-codes.js';
import { isPublicAddress } from '../../server/lib/outbound-address.js';
import { loadConfig } from '../../server/lib/config.js';

/** The building blocks of staff login, checked against their specifications (no server needed). */

test('TOTP matches the RFC 6238 SHA-1 test vectors (6-digit truncation)', (t) => {
  const secret = encodeBase32(Buffer.from('12345678901234567890'));
  const vectors: [number, string][] = [
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ];
  for (const [seconds, code] of vectors)
    t.is(computeTotp({ secret, step: totpStep(new Date(seconds * 1000)) }), code, `T=${seconds}`);
  t.deepEqual([...decodeBase32(secret)], [...Buffer.from('12345678901234567890')]);
});

test('TOTP accepts one step either side, each step once, and only 6 digits', (t) => {
  const secret = encodeBase32(Buffer.from('12345678901234567890'));
  const at = new Date(1_700_000_000_000);
  const step = totpStep(at);
  for (const delta of [-1, 0, 1])
    t.is(matchTotp({ secret, code: computeTotp({ secret, step: step + delta }), at }), step + delta);
  t.is(matchTotp({ secret, code: computeTotp({ secret, step: step + 2 }), at }), undefined);
  t.is(matchTotp({ secret, code: computeTotp({ secret, step: step - 2 }), at }), undefined);
  t.is(matchTotp({ secret, code: computeTotp({ secret, step }), at, lastUsedStep: step }), undefined, 'replay');
  t.is(
    matchTotp({ secret, code: computeTotp({ secret, step: step - 1 }), at, lastUsedStep: step }),
    undefined,
    'older than the last used',
  );
  for (const code of ['', '12345', '1234567', 'abcdef', ' 12345']) t.is(matchTotp({ secret, code, at }), undefined);
  const uri = new URL(buildOtpauthUri({ secret, account: 'a@example.org', issuer: 'Segl' }));
  t.is(uri.protocol, 'otpauth:');
  t.is(uri.searchParams.get('secret'), secret);
  t.is(uri.searchParams.get('digits'), '6');
  t.is(uri.searchParams.get('period'), '30');
});

test('passwords: scrypt with parameters and salt stored, policy 12..1024', async (t) => {
  const hash = await hashPassword({ password: 'correct horse battery' });
  t.regex(hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  t.not(hash, await hashPassword({ password: 'correct horse battery' }), 'salted');
  t.true(await verifyPassword({ password: 'correct horse battery', hash }));
  t.false(await verifyPassword({ password: 'correct horse batterY', hash }));
  t.false(await verifyPassword({ password: 'x', hash: null }));
  t.false(await verifyPassword({ password: 'x', hash: 'scrypt$garbage' }));
  t.throws(() => assertPasswordPolicy('eleven chars'.slice(0, 11)), { message: /at least 12/ });
  t.throws(() => assertPasswordPolicy('x'.repeat(1025)), { message: /at most 1024/ });
  t.notThrows(() => assertPasswordPolicy('twelve chars'));
});

test('recovery codes: ten distinct, stored hashed, each usable once, case and hyphens ignored', (t) => {
  const { codes, stored } = createRecoveryCodes();
  t.is(codes.length, 10);
  t.is(new Set(codes).size, 10);
  for (const code of codes) t.false(stored.includes(code.replace(/-/g, '')));
  const next = consumeRecoveryCode({ stored, code: codes[0].toLowerCase().replace(/-/g, ' ') });
  t.truthy(next);
  t.is((JSON.parse(next!) as string[]).length, 9);
  t.is(consumeRecoveryCode({ stored: next!, code: codes[0] }), undefined);
  t.is(consumeRecoveryCode({ stored: null, code: codes[1] }), undefined);
});

test('outbound requests: loopback, private and link-local addresses are recognised', (t) => {
  for (const address of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a00:1',
  ]) {
    t.false(isPublicAddress(address), address);
  }
  for (const address of ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888', '::ffff:808:808'])
    t.true(isPublicAddress(address), address);
});

test('SSO configuration: issuer kept as given, client id required, flags checked', (t) => {
  const sso = loadConfig({ env: { SEGL_SSO_ISSUER: 'https://tenant.example.com/', SEGL_SSO_CLIENT_ID: 'segl' } }).sso!;
  t.like(sso, {
    issuer: 'https://tenant.example.com/',
    clientId: 'segl',
    name: 'Single sign-on',
    allowPrivateNetwork: false,
  });
  t.is(sso.clientSecret, undefined);
  t.is(loadConfig({ env: {} }).sso, undefined);
  t.throws(() => loadConfig({ env: { SEGL_SSO_ISSUER: 'https://idp.example.com' } }), {
    message: /SEGL_SSO_CLIENT_ID/,
  });
  t.throws(() => loadConfig({ env: { SEGL_SSO_ISSUER: 'not a url', SEGL_SSO_CLIENT_ID: 'x' } }), {
    message: /SEGL_SSO_ISSUER/,
  });
  t.throws(() =>
    loadConfig({
      env: {
        SEGL_SSO_ISSUER: 'https://idp.example.com',
        SEGL_SSO_CLIENT_ID: 'x',
        SEGL_SSO_ALLOW_PRIVATE_NETWORK: 'maybe',
      },
    }),
  );
  t.true(
    loadConfig({
      env: {
        SEGL_SSO_ISSUER: 'https://idp.example.com',
        SEGL_SSO_CLIENT_ID: 'x',
        SEGL_SSO_ALLOW_PRIVATE_NETWORK: 'true',
      },
    }).sso!.allowPrivateNetwork,
  );
});
