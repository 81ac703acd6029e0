import test from 'ava';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyAddress, embeddedIpv4 } from '../../server/lib/outbound-address.js';
import { clientNetworkOf } from '../../server/lib/ip-address.js';
import {
  createOutboundFetch,
  resolveOutbound,
  sendOutboundRequest,
  type Resolver,
} from '../../server/lib/outbound-fetch.js';
import { checkWebhookUrl } from '../../server/domain/webhooks/webhook-url.js';

/** Every range the guard knows, with an address inside it and the name it reports. */
const REFUSED: [address: string, range: string][] = [
  ['0.0.0.0', 'this-network'],
  ['0.1.2.3', 'this-network'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['100.64.0.1', 'cgnat'],
  ['100.127.255.254', 'cgnat'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'link-local'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.0.0.8', 'ietf-protocol'],
  ['192.0.2.1', 'documentation'],
  ['192.31.196.1', 'as112'],
  ['192.52.193.1', 'amt'],
  ['192.88.99.1', '6to4-relay'],
  ['192.168.1.1', 'private'],
  ['192.175.48.1', 'as112'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['[::1]', 'loopback'],
  ['::127.0.0.1', 'ipv4-compatible'],
  ['::7f00:1', 'ipv4-compatible'],
  ['::8.8.8.8', 'ipv4-compatible'],
  ['::ffff:127.0.0.1', 'ipv4-mapped:loopback'],
  ['::ffff:7f00:1', 'ipv4-mapped:loopback'],
  ['::ffff:a9fe:a9fe', 'ipv4-mapped:link-local'],
  ['0:0:0:0:0:ffff:10.0.0.1', 'ipv4-mapped:private'],
  ['::ffff:0:127.0.0.1', 'ipv4-translated'],
  ['64:ff9b::a9fe:a9fe', 'nat64:link-local'],
  ['64:ff9b::127.0.0.1', 'nat64:loopback'],
  ['64:ff9b::10.1.2.3', 'nat64:private'],
  ['64:ff9b:1::1', 'nat64-local'],
  ['64:ff9b:1:ffff::808:808', 'nat64-local'],
  ['100::1', 'discard'],
  ['2001::1', 'teredo'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
  ['2001:2::1', 'benchmarking'],
  ['2001:10::1', 'orchid'],
  ['2001:20::1', 'orchid'],
  ['2001:1::1', 'ietf-protocol'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['2002:7f00:1::', '6to4:loopback'],
  ['2002:a9fe:a9fe::1', '6to4:link-local'],
  ['2002:c0a8:101::1', '6to4:private'],
  ['5f00::1', 'srv6'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456:789a::1', 'unique-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf::1', 'link-local'],
  ['fec0::1', 'site-local'],
  ['ff02::1', 'multicast'],
  ['ff0e::1', 'multicast'],
  ['4000::1', 'reserved'],
  ['1::1', 'reserved'],
  ['e000::1', 'reserved'],
  ['example.org', 'not-an-address'],
  ['', 'not-an-address'],
];

const ALLOWED = [
  '8.8.8.8',
  '1.1.1.1',
  '100.63.255.255',
  '100.128.0.0',
  '172.32.0.1',
  '192.0.1.1',
  '198.20.0.1',
  '223.255.255.255',
  '2001:4860:4860::8888',
  '2a00:1450:4001::1',
  '::ffff:8.8.8.8',
  '::ffff:808:808',
  '64:ff9b::8.8.8.8',
  '64:ff9b::808:808',
  '2002:808:808::1',
  '2606:4700::1111',
];

for (const [address, range] of REFUSED) {
  test(`refused: ${address || '(empty)'} is ${range}`, (t) => {
    t.deepEqual(classifyAddress(address), { public: false, range });
  });
}

test('public unicast addresses, and IPv6 forms that carry a public IPv4 address, are allowed', (t) => {
  for (const address of ALLOWED) t.deepEqual(classifyAddress(address), { public: true, range: 'public' }, address);
  t.is(embeddedIpv4('64:ff9b::a9fe:a9fe'), '169.254.169.254');
  t.is(embeddedIpv4('2002:7f00:1::'), '127.0.0.1');
  t.is(embeddedIpv4('2001:4860::1'), undefined);
});

test('client networks: IPv4 per address (mapped too), IPv6 per /64', (t) => {
  t.is(clientNetworkOf('203.0.113.7'), '203.0.113.7');
  t.is(clientNetworkOf('::ffff:203.0.113.7'), '203.0.113.7');
  t.is(clientNetworkOf('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
  t.is(clientNetworkOf('2001:db8:1:2::ffff'), '2001:db8:1:2::/64');
  t.is(clientNetworkOf('2001:0db8:0001:0002:aaaa::1'), '2001:db8:1:2::/64');
  t.is(clientNetworkOf('::1'), '0:0:0:0::/64');
});

/** A resolver for tests: names answer what the table says (real DNS is not reachable here). */
const fakeDns =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const answer = table[hostname];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

test('URL hosts in every literal form are refused before any connection', async (t) => {
  const literals = [
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::a9fe:a9fe]/latest/meta-data',
    'http://[2002:7f00:1::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://[fe80::1%25eth0]/',
    'http://[::]/',
    'http://0/',
  ];
  for (const literal of literals) {
    let url: URL;
    try {
      url = new URL(literal);
    } catch {
      t.pass(`${literal} is not even a URL`);
      continue;
    }
    const error = await t.throwsAsync(
      resolveOutbound({ url, policy: { allowPrivateNetwork: false } }),
      undefined,
      literal,
    );
    t.is((error as { code?: string }).code, 'outbound_refused', literal);
  }
  t.deepEqual(
    await resolveOutbound({ url: new URL('https://[2606:4700::1111]/'), policy: { allowPrivateNetwork: false } }),
    [{ address: '2606:4700::1111', family: 6 }],
  );
  await t.throwsAsync(resolveOutbound({ url: new URL('ftp://example.org/'), policy: { allowPrivateNetwork: true } }), {
    code: 'outbound_refused',
  } as never);
});

test(
  'a name is refused when any of its addresses is not public; the error does not say whether ' + 'it resolved',
  async (t) => {
    const resolver = fakeDns({
      'mixed.example': ['93.184.216.34', '10.0.0.1'],
      'metadata.example': ['64:ff9b::a9fe:a9fe'],
      'ok.example': ['93.184.216.34'],
    });
    const policy = { allowPrivateNetwork: false };
    const internal = await t.throwsAsync(resolveOutbound({ url: new URL('https://mixed.example/'), policy, resolver }));
    const nat64 = await t.throwsAsync(resolveOutbound({ url: new URL('https://metadata.example/'), policy, resolver }));
    const unknown = await t.throwsAsync(
      resolveOutbound({ url: new URL('https://unknown.example/'), policy, resolver }),
    );
    t.is(internal!.message.replace('mixed.example', 'HOST'), unknown!.message.replace('unknown.example', 'HOST'));
    t.is(nat64!.message.replace('metadata.example', 'HOST'), unknown!.message.replace('unknown.example', 'HOST'));
    for (const error of [internal, nat64, unknown]) t.is((error as { code?: string }).code, 'outbound_refused');
    t.deepEqual(await resolveOutbound({ url: new URL('https://ok.example/'), policy, resolver }), [
      { address: '93.184.216.34', family: 4 },
    ]);
  },
);

test('webhook URLs: internal and unresolvable hosts get the same 422', async (t) => {
  const forms = [
    'https://[::127.0.0.1]/hook',
    'https://[64:ff9b::a9fe:a9fe]/hook',
    'https://[2002:a9fe:a9fe::]/hook',
    'https://no-such-host.invalid/hook',
  ];
  const messages = new Set<string>();
  for (const url of forms) {
    const error = await t.throwsAsync(checkWebhookUrl({ url, allowPrivateNetwork: false }), undefined, url);
    t.is((error as { code?: string }).code, 'webhook_url_refused', url);
    t.is((error as { status?: number }).status, 422);
    messages.add(error!.message.replace(new URL(url).hostname, 'HOST'));
  }
  t.is(messages.size, 1, [...messages].join(' | '));
});

let server: Server;
let port: number;
const seen: string[] = [];
test.before(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} host=${req.headers.host}`);
    if (req.url === '/big') return res.end('x'.repeat(5000));
    if (req.url === '/redirect') {
      res.writeHead(302, { Location: 'http://127.0.0.1/elsewhere' });
      return res.end();
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
test.after.always(() => new Promise<void>((resolve) => server.close(() => resolve())));

test.serial('the connection goes to the address that was checked, never to a second resolution', async (t) => {
  let lookups = 0;
  // answers loopback the first time (the check the test allows), then a public address a rebinding DNS would give
  const rebinding: Resolver = async () =>
    lookups++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '192.0.2.1', family: 4 }];
  const answer = await sendOutboundRequest(`http://rebind.example:${port}/path`, {
    policy: { allowPrivateNetwork: true },
    timeoutMs: 5000,
    maxResponseBytes: 1000,
    resolver: rebinding,
  });
  t.is(answer.status, 200);
  t.is(lookups, 1, 'resolved exactly once');
  t.true(seen.at(-1)!.includes(`host=rebind.example:${port}`), 'the Host header keeps the name');
});

test.serial('loopback needs the opt-in; redirects are not followed; answers are bounded', async (t) => {
  const refused = await t.throwsAsync(
    sendOutboundRequest(`http://127.0.0.1:${port}/`, {
      policy: { allowPrivateNetwork: false },
      timeoutMs: 5000,
      maxResponseBytes: 1000,
    }),
  );
  t.is((refused as { code?: string }).code, 'outbound_refused');
  const before = seen.length;
  await t.throwsAsync(
    sendOutboundRequest(`http://localhost:${port}/`, {
      policy: { allowPrivateNetwork: false },
      timeoutMs: 5000,
      maxResponseBytes: 1000,
    }),
  );
  t.is(seen.length, before, 'nothing reached the server');

  const policy = { allowPrivateNetwork: true };
  const redirect = await sendOutboundRequest(`http://127.0.0.1:${port}/redirect`, {
    policy,
    timeoutMs: 5000,
    maxResponseBytes: 1000,
  });
  t.is(redirect.status, 302);
  await t.throwsAsync(
    sendOutboundRequest(`http://127.0.0.1:${port}/big`, { policy, timeoutMs: 5000, maxResponseBytes: 1000 }),
    { message: /larger than 1000/ },
  );
  const cut = await sendOutboundRequest(`http://127.0.0.1:${port}/big`, {
    policy,
    timeoutMs: 5000,
    maxResponseBytes: 1000,
    oversize: 'truncate',
  });
  t.is(cut.body.length, 1000);
  t.true(cut.truncated);

  const guardedFetch = createOutboundFetch({ policy, timeoutMs: 5000, maxResponseBytes: 10_000 });
  const response = await guardedFetch(`http://127.0.0.1:${port}/json`, {
    method: 'POST',
    body: new URLSearchParams({ a: '1' }),
  });
  t.deepEqual(await response.json(), { ok: true });
  t.true(seen.at(-1)!.startsWith('POST /json'));
  const strict = createOutboundFetch({
    policy: { allowPrivateNetwork: false },
    timeoutMs: 5000,
    maxResponseBytes: 10_000,
  });
  await t.throwsAsync(strict(`http://[::ffff:127.0.0.1]:${port}/json`), { code: 'outbound_refused' } as never);
});
