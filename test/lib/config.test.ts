import test from 'ava';
import { loadConfig } from '../../server/lib/config.js';

const codeOf = (env: Record<string, string>) => {
  try {
    loadConfig({ env, dataDir: '/tmp/segl-config-test' });
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

test('defaults follow the documented contract', (t) => {
  const config = loadConfig({ env: {}, dataDir: '/tmp/segl-config-test' });
  t.is(config.port, 3000);
  t.is(config.publicUrl, 'http://localhost:3000');
  t.deepEqual(config.tsaUrls, []);
  t.is(config.portalRateLimit, 60);
  t.is(config.databaseUrl, undefined);
  t.is(loadConfig({ env: { PORT: '8080' }, dataDir: '/x' }).publicUrl, 'http://localhost:8080');
});

test('TSA URLs are a list tried in order, separated by commas or spaces', (t) => {
  const config = loadConfig({
    env: { SEGL_TSA_URLS: 'https://a.example/tsr, http://b.example/ https://c.example' },
    dataDir: '/x',
  });
  t.deepEqual(config.tsaUrls, ['https://a.example/tsr', 'http://b.example', 'https://c.example']);
});

test('bad settings are refused with invalid_config, never half-applied', (t) => {
  const cases: Record<string, string>[] = [
    { PORT: 'abc' },
    { PORT: '70000' },
    { PORT: '-1' },
    { SEGL_PUBLIC_URL: 'not a url' },
    { SEGL_PUBLIC_URL: 'ftp://example.org' },
    { SEGL_TSA_URLS: 'ftp://tsa.example' },
    { SEGL_TSA_URLS: 'https://ok.example nonsense' },
    { SEGL_PORTAL_RATE_LIMIT: '0' },
    { SEGL_PORTAL_RATE_LIMIT: 'many' },
    { SEGL_OIDC_BANKID_ISSUER: 'https://broker.example' },
    { SEGL_OIDC_BANKID_ISSUER: 'not a url', SEGL_OIDC_BANKID_CLIENT_ID: 'segl' },
    {
      SEGL_OIDC_BANKID_ISSUER: 'https://broker.example',
      SEGL_OIDC_BANKID_CLIENT_ID: 'segl',
      SEGL_OIDC_BANKID_LEVEL: 'qualified',
    },
    {
      SEGL_OIDC_BANKID_ISSUER: 'https://broker.example',
      SEGL_OIDC_BANKID_CLIENT_ID: 'segl',
      SEGL_OIDC_BANKID_ALLOW_PRIVATE_NETWORK: 'perhaps',
    },
    { SEGL_WEBHOOK_ALLOW_PRIVATE_NETWORK: 'yes please' },
    { SEGL_RETENTION_DAYS: '0' },
    { SEGL_RETENTION_DAYS: '-30' },
    { SEGL_RETENTION_DAYS: '1.5' },
    { SEGL_RETENTION_DAYS: '10 years' },
    { SEGL_RETENTION_DAYS: '36501' },
    { SEGL_RETENTION_SCHEDULE: 'daily' },
    { SEGL_RETENTION_SCHEDULE: '99 99 * * *' },
    { SEGL_RETENTION_SCHEDULE: '* * *' },
  ];
  for (const env of cases) t.is(codeOf(env), 'invalid_config', JSON.stringify(env));
});

test('signer identity providers: any number, by key, with their defaults', (t) => {
  const config = loadConfig({
    env: {
      SEGL_OIDC_BANKID_ISSUER: 'https://broker.example/',
      SEGL_OIDC_BANKID_CLIENT_ID: 'segl',
      SEGL_OIDC_BANKID_LABEL: 'BankID',
      SEGL_OIDC_BANKID_ACR: 'urn:bankid:high, urn:bankid:substantial',
      SEGL_OIDC_MAIL_ISSUER: 'https://idp.example',
      SEGL_OIDC_MAIL_CLIENT_ID: 'c',
      SEGL_OIDC_MAIL_LEVEL: 'simple',
    },
    dataDir: '/x',
  });
  t.deepEqual(Object.keys(config.signerProviders), ['bankid', 'mail']);
  t.like(config.signerProviders.bankid, {
    issuer: 'https://broker.example/',
    name: 'BankID',
    scope: 'openid profile',
    nationalIdClaim: 'nin',
    level: 'strong',
    allowPrivateNetwork: false,
  });
  t.deepEqual(config.signerProviders.bankid!.acrValues, ['urn:bankid:high', 'urn:bankid:substantial']);
  t.like(config.signerProviders.mail, { name: 'mail', level: 'simple' });
  t.deepEqual(config.signerProviders.mail!.acrValues, []);
  t.false(config.webhookAllowPrivateNetwork);
});

test(
  'retention: no default period unless SEGL_RETENTION_DAYS says; runs at 02:30 unless ' +
    'SEGL_RETENTION_SCHEDULE says otherwise or off',
  (t) => {
    const plain = loadConfig({ env: {}, dataDir: '/x' });
    t.is(plain.retentionDays, null);
    t.is(plain.retentionSchedule, '30 2 * * *');
    const set = loadConfig({
      env: { SEGL_RETENTION_DAYS: ' 3650 ', SEGL_RETENTION_SCHEDULE: '0 */6 * * *' },
      dataDir: '/x',
    });
    t.is(set.retentionDays, 3650);
    t.is(set.retentionSchedule, '0 */6 * * *');
    t.is(loadConfig({ env: { SEGL_RETENTION_SCHEDULE: 'OFF' }, dataDir: '/x' }).retentionSchedule, null);
    t.is(loadConfig({ env: { SEGL_RETENTION_DAYS: '' }, dataDir: '/x' }).retentionDays, null);
  },
);

test(
  'security settings: /tsa closed and rate limits by default; private networks for TSAs and ' +
    'revocation only when allowed',
  (t) => {
    const plain = loadConfig({ env: {}, dataDir: '/x' });
    t.like(plain, {
      tsaPublic: false,
      tsaRateLimit: 60,
      pkiRateLimit: 600,
      signingRateLimit: 300,
      tsaAllowPrivateNetwork: false,
      revocationAllowPrivateNetwork: false,
    });
    const set = loadConfig({
      env: {
        SEGL_TSA_PUBLIC: 'on',
        SEGL_TSA_RATE_LIMIT: '5',
        SEGL_PKI_RATE_LIMIT: ' 7 ',
        SEGL_SIGNING_RATE_LIMIT: '9',
        SEGL_TSA_ALLOW_PRIVATE_NETWORK: 'true',
        SEGL_REVOCATION_ALLOW_PRIVATE_NETWORK: '1',
      },
      dataDir: '/x',
    });
    t.like(set, {
      tsaPublic: true,
      tsaRateLimit: 5,
      pkiRateLimit: 7,
      signingRateLimit: 9,
      tsaAllowPrivateNetwork: true,
      revocationAllowPrivateNetwork: true,
    });
    t.false(loadConfig({ env: { SEGL_TSA_PUBLIC: 'off' }, dataDir: '/x' }).tsaPublic);
    t.false(loadConfig({ env: {}, dataDir: '/x' }).checkResponses, 'answers are not checked unless asked');
    t.true(loadConfig({ env: { SEGL_CHECK_RESPONSES: 'on' }, dataDir: '/x' }).checkResponses);
    for (const env of [
      { SEGL_TSA_PUBLIC: 'maybe' },
      { SEGL_CHECK_RESPONSES: 'yes please' },
      { SEGL_TSA_RATE_LIMIT: '0' },
      { SEGL_PKI_RATE_LIMIT: '-1' },
      { SEGL_SIGNING_RATE_LIMIT: '1.5' },
      { SEGL_TSA_ALLOW_PRIVATE_NETWORK: 'yes' },
    ]) {
      t.throws(() => loadConfig({ env, dataDir: '/x' }), { code: 'invalid_config' } as never, JSON.stringify(env));
    }
  },
);

test('stamp layout, time zone and the mail attachment limit: defaults and checks', (t) => {
  const config = loadConfig({ env: {}, dataDir: '/x' });
  t.is(config.stampLayout, 'shrink');
  t.is(config.timeZone, 'Europe/Oslo');
  t.is(config.mailAttachmentMaxBytes, 10 * 1024 * 1024);
  const custom = loadConfig({
    env: { SEGL_STAMP_LAYOUT: 'Extend', SEGL_TIME_ZONE: 'America/New_York', SEGL_MAIL_ATTACHMENT_MAX_BYTES: '0' },
    dataDir: '/x',
  });
  t.deepEqual([custom.stampLayout, custom.timeZone, custom.mailAttachmentMaxBytes], ['extend', 'America/New_York', 0]);
  for (const env of [
    { SEGL_STAMP_LAYOUT: 'squeeze' },
    { SEGL_TIME_ZONE: 'Mars/Olympus' },
    { SEGL_MAIL_ATTACHMENT_MAX_BYTES: '10MB' },
  ] as Record<string, string>[])
    t.is(codeOf(env), 'invalid_config', JSON.stringify(env));
});
test('SEGL_HOST, SEGL_NODE_ID and SEGL_MIN_FREE_BYTES: defaults, accepted forms, refusals', (t) => {
  const defaults = loadConfig({ env: {}, dataDir: '/x' });
  t.is(defaults.host, undefined, 'every interface by default');
  t.is(defaults.nodeId, undefined, 'host name and port by default (chosen when the server listens)');
  t.is(defaults.minFreeBytes, 1024 ** 3, '1 GiB by default');
  t.is(loadConfig({ env: { SEGL_HOST: '127.0.0.1' }, dataDir: '/x' }).host, '127.0.0.1');
  t.is(loadConfig({ env: { SEGL_HOST: '[::1]' }, dataDir: '/x' }).host, '::1');
  t.is(loadConfig({ env: { SEGL_HOST: '  ' }, dataDir: '/x' }).host, undefined);
  t.is(loadConfig({ env: { SEGL_NODE_ID: 'segl-2.dc1' }, dataDir: '/x' }).nodeId, 'segl-2.dc1');
  for (const [text, bytes] of [
    ['0', 0],
    ['1048576', 1048576],
    ['500MB', 500 * 1024 ** 2],
    ['2 GiB', 2 * 1024 ** 3],
    ['1.5g', 1.5 * 1024 ** 3],
    ['64k', 65536],
    ['1TB', 1024 ** 4],
  ] as const) {
    t.is(loadConfig({ env: { SEGL_MIN_FREE_BYTES: text }, dataDir: '/x' }).minFreeBytes, bytes, text);
  }
  const refused: Record<string, string>[] = [
    { SEGL_HOST: 'http://example.org' },
    { SEGL_HOST: '1.2.3.4 5.6.7.8' },
    { SEGL_NODE_ID: 'a:b' },
    { SEGL_NODE_ID: 'x'.repeat(41) },
    { SEGL_MIN_FREE_BYTES: '-1' },
    { SEGL_MIN_FREE_BYTES: 'lots' },
    { SEGL_MIN_FREE_BYTES: '5 XB' },
  ];
  for (const env of refused) {
    t.is(codeOf(env), 'invalid_config', JSON.stringify(env));
  }
});

test('verification workers, time limit and queue: defaults and checks', (t) => {
  const config = loadConfig({ env: {}, dataDir: '/x' });
  t.true(config.verifyWorkers >= 1 && config.verifyWorkers <= 4);
  t.is(config.verifyTimeoutMs, 10_000);
  t.is(config.verifyQueue, 32);
  const custom = loadConfig({
    env: { SEGL_VERIFY_WORKERS: '3', SEGL_VERIFY_TIMEOUT_MS: '2500', SEGL_VERIFY_QUEUE: '0' },
    dataDir: '/x',
  });
  t.deepEqual([custom.verifyWorkers, custom.verifyTimeoutMs, custom.verifyQueue], [3, 2500, 0]);
  for (const env of [
    { SEGL_VERIFY_WORKERS: '0' },
    { SEGL_VERIFY_WORKERS: 'many' },
    { SEGL_VERIFY_TIMEOUT_MS: '10' },
    { SEGL_VERIFY_QUEUE: '-1' },
  ]) {
    t.throws(() => loadConfig({ env, dataDir: '/x' }), { code: 'invalid_config' } as never, JSON.stringify(env));
  }
});
