import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pemToDerList } from '../../server/crypto/pem.js';
import { importSealKey } from '../../server/domain/seal-key/import-seal-key.js';
import { systemClock } from '../../server/lib/clock.js';
import { loadConfig, type Config } from '../../server/lib/config.js';
import { tempDir } from './external-tool.js';

/**
 * A certification authority the appliance has never seen, run with the openssl command line: a root, an
 * intermediate (`openssl ca`), leaves with AIA OCSP and CRL distribution points on loopback, an `openssl ocsp`
 * responder for the intermediate's certificates, CRLs of both CAs over HTTP, and an RFC 3161 TSA (`openssl ts
 * -reply` behind a small HTTP server). Everything listens on 127.0.0.1 and stops with close().
 */

const run = promisify(execFile);

export type KeyKind = 'rsa' | 'ec';

export interface IssuedLeaf {
  name: string;
  certPath: string;
  keyPath: string;
  certificate: Uint8Array;
}

export interface ExternalCa {
  dir: string;
  rootPath: string;
  intermediatePath: string;
  root: Uint8Array;
  intermediate: Uint8Array;
  /** Base URL of the HTTP server (CRLs, TSA). */
  httpUrl: string;
  ocspUrl: string;
  tsaUrl: string;
  tsa: IssuedLeaf;
  issueLeaf(options: {
    name: string;
    key?: KeyKind;
    profile?: 'seal' | 'tsa' | 'ocsp' | 'no_usage' | 'ca_like';
    days?: number;
    startDate?: string;
  }): Promise<IssuedLeaf>;
  pkcs12(options: {
    leaf: IssuedLeaf;
    passphrase: string;
    chain?: 'full' | 'intermediate' | 'none';
    legacy?: boolean;
  }): Promise<string>;
  revoke(leaf: IssuedLeaf): Promise<void>;
  /** Counts of requests the servers answered, by kind. */
  hits: { ocsp: number; crl: number; tsa: number };
  /** Makes the OCSP responder and CRL server fail (connection refused / 503) until set back. */
  setAvailable(available: boolean): void;
  close(): Promise<void>;
}

/**
 * A configuration on a fresh data directory that seals with `leaf` (imported from a PKCS#12, as `segl seal-key
 * import` does) and timestamps with `ca`'s TSA on loopback; `env` adds to it.
 */
export async function importedSealKeyConfig(
  ca: ExternalCa,
  leaf: IssuedLeaf,
  env: Record<string, string> = {},
): Promise<Config> {
  const config = loadConfig({
    env: {
      SEGL_DATA_DIR: tempDir('segl-sealkey-data-'),
      SEGL_TSA_URLS: ca.tsaUrl,
      SEGL_TSA_ALLOW_PRIVATE_NETWORK: 'true',
      ...env,
    },
  });
  const pkcs12 = readFileSync(await ca.pkcs12({ leaf, passphrase: 'pw' }));
  await importSealKey({ config, clock: systemClock, pkcs12, passphrase: 'pw' });
  return config;
}

function caConfig(options: { dir: string; crlUrl: string; ocspUrl?: string; issuerUrl?: string }): string {
  const caIssuers = options.issuerUrl ? `,caIssuers;URI:${options.issuerUrl}` : '';
  const aia = options.ocspUrl ? `authorityInfoAccess = OCSP;URI:${options.ocspUrl}${caIssuers}` : '';
  // what every certificate this CA issues for the appliance carries: key identifiers and where its CRL is
  const issued = `subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints = URI:${options.crlUrl}`;
  return `[ ca ]
default_ca = CA_default
[ CA_default ]
dir = ${options.dir}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
crlnumber = $dir/crlnumber
certificate = $dir/ca.crt
private_key = $dir/ca.key
default_md = sha256
default_days = 730
default_crl_days = 30
policy = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
commonName = supplied
organizationName = optional
countryName = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3_intermediate ]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
${issued}
[ seal ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,nonRepudiation
${issued}
${aia}
[ tsa ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
${issued}
${aia}
[ ocsp ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ no_usage ]
basicConstraints = critical,CA:false
keyUsage = critical,keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ ca_like ]
basicConstraints = critical,CA:true
keyUsage = critical,digitalSignature,keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ tsa_section ]
default_tsa = tsa_config
[ tsa_config ]
dir = ${options.dir}
serial = $dir/tsaserial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;
}

async function openssl(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await run('openssl', args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function keyArgs(kind: KeyKind): string[] {
  return kind === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
}

/** Waits for openssl ocsp to say it listens (a probing connection would block it: it serves one at a time). */
async function waitForResponder(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (/ACCEPT|waiting for OCSP client/.test(seen)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`openssl ocsp exited with ${code}: ${seen}`)));
  });
}

export async function startExternalCa(
  options: { name?: string; key?: KeyKind; tsaDays?: number } = {},
): Promise<ExternalCa> {
  const dir = tempDir('segl-extca-');
  const name = options.name ?? 'Fjordvik Test Trust Services';
  const key = options.key ?? 'rsa';
  const httpPort = await freePort();
  const ocspPort = await freePort();
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const ocspUrl = `http://127.0.0.1:${ocspPort}`;
  const rootDir = join(dir, 'root');
  const intDir = join(dir, 'int');
  for (const caDir of [rootDir, intDir]) {
    mkdirSync(join(caDir, 'newcerts'), { recursive: true });
    writeFileSync(join(caDir, 'index.txt'), '');
    writeFileSync(join(caDir, 'index.txt.attr'), 'unique_subject = no\n');
    writeFileSync(
      join(caDir, 'serial'),
      `${Math.floor(Math.random() * 1e6 + 4096)
        .toString(16)
        .padStart(6, '0')}\n`,
    );
    writeFileSync(join(caDir, 'crlnumber'), '1000\n');
    writeFileSync(join(caDir, 'tsaserial'), '01\n');
  }
  writeFileSync(join(rootDir, 'ca.cnf'), caConfig({ dir: rootDir, crlUrl: `${httpUrl}/root.crl` }));
  writeFileSync(
    join(intDir, 'ca.cnf'),
    caConfig({ dir: intDir, crlUrl: `${httpUrl}/int.crl`, ocspUrl, issuerUrl: `${httpUrl}/int.cer` }),
  );

  // root: self-signed, 30 years
  await openssl([
    'req',
    '-x509',
    ...keyArgs(key),
    '-nodes',
    '-keyout',
    join(rootDir, 'ca.key'),
    '-out',
    join(rootDir, 'ca.crt'),
    '-days',
    '10950',
    '-subj',
    `/CN=${name} Root CA/O=${name}`,
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  // intermediate, signed by the root with openssl ca
  await openssl([
    'req',
    '-new',
    ...keyArgs(key),
    '-nodes',
    '-keyout',
    join(intDir, 'ca.key'),
    '-out',
    join(intDir, 'ca.csr'),
    '-subj',
    `/CN=${name} Issuing CA/O=${name}`,
  ]);
  await openssl([
    'ca',
    '-batch',
    '-config',
    join(rootDir, 'ca.cnf'),
    '-extensions',
    'v3_intermediate',
    '-days',
    '7300',
    '-notext',
    '-in',
    join(intDir, 'ca.csr'),
    '-out',
    join(intDir, 'ca.crt'),
  ]);
  await openssl(['x509', '-in', join(intDir, 'ca.crt'), '-outform', 'DER', '-out', join(intDir, 'ca.cer')]);

  let responder: ChildProcess | undefined;
  // openssl ca rewrites its index and serial files: one operation at a time
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  // openssl ocsp reads its index once: it is restarted after every change so that it knows every certificate
  const issueLeaf: ExternalCa['issueLeaf'] = (options) =>
    serialized(async () => {
      const leaf = await issue(options);
      if (responder) await restartResponder();
      return leaf;
    });
  const issue: ExternalCa['issueLeaf'] = async ({ name: leafName, key: leafKey, profile, days, startDate }) => {
    const base = join(dir, leafName.replace(/[^A-Za-z0-9]+/g, '-'));
    await openssl([
      'req',
      '-new',
      ...keyArgs(leafKey ?? key),
      '-nodes',
      '-keyout',
      `${base}.key`,
      '-out',
      `${base}.csr`,
      '-subj',
      `/CN=${leafName}/O=${name}`,
    ]);
    await openssl([
      'ca',
      '-batch',
      '-config',
      join(intDir, 'ca.cnf'),
      '-extensions',
      profile ?? 'seal',
      '-days',
      String(days ?? 730),
      '-notext',
      ...(startDate ? ['-startdate', startDate] : []),
      '-in',
      `${base}.csr`,
      '-out',
      `${base}.crt`,
    ]);
    return {
      name: leafName,
      certPath: `${base}.crt`,
      keyPath: `${base}.key`,
      certificate: pemToDerList(readFileSync(`${base}.crt`, 'utf8'))[0]!,
    };
  };
  const writeCrls = async () => {
    await openssl(['ca', '-gencrl', '-config', join(rootDir, 'ca.cnf'), '-out', join(dir, 'root.crl.pem')]);
    await openssl(['ca', '-gencrl', '-config', join(intDir, 'ca.cnf'), '-out', join(dir, 'int.crl.pem')]);
    await openssl(['crl', '-in', join(dir, 'root.crl.pem'), '-outform', 'DER', '-out', join(dir, 'root.crl')]);
    await openssl(['crl', '-in', join(dir, 'int.crl.pem'), '-outform', 'DER', '-out', join(dir, 'int.crl')]);
  };

  const ocspSigner = await issueLeaf({ name: `${name} OCSP Responder`, profile: 'ocsp', days: 10950 });
  const tsa = await issueLeaf({ name: `${name} TSA`, profile: 'tsa', days: options.tsaDays ?? 3650 });
  await writeCrls();

  const hits = { ocsp: 0, crl: 0, tsa: 0 };
  let available = true;
  let replies = 0;
  const http: Server = createServer(async (request, response) => {
    try {
      const url = request.url ?? '/';
      if (url === '/tsa' && request.method === 'POST') {
        hits.tsa += 1;
        const id = `${process.pid}-${replies++}`;
        const queryFile = join(dir, `q${id}.tsq`);
        const replyFile = join(dir, `r${id}.tsr`);
        writeFileSync(queryFile, await readBody(request));
        await openssl([
          'ts',
          '-reply',
          '-config',
          join(intDir, 'ca.cnf'),
          '-section',
          'tsa_config',
          '-queryfile',
          queryFile,
          '-signer',
          tsa.certPath,
          '-inkey',
          tsa.keyPath,
          '-chain',
          join(intDir, 'ca.crt'),
          '-out',
          replyFile,
        ]);
        response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(readFileSync(replyFile));
        return;
      }
      if (!available) {
        response.writeHead(503).end();
        return;
      }
      const file = { '/root.crl': 'root.crl', '/int.crl': 'int.crl', '/int.cer': 'int/ca.cer' }[url];
      if (!file) {
        response.writeHead(404).end();
        return;
      }
      if (url.endsWith('.crl')) hits.crl += 1;
      response.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(readFileSync(join(dir, file)));
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => http.listen(httpPort, '127.0.0.1', resolve));

  // A proxy in front of openssl ocsp counts the requests and can play an outage.
  const ocspBackendPort = await freePort();
  const startResponder = async () => {
    responder = spawn(
      'openssl',
      [
        'ocsp',
        '-index',
        join(intDir, 'index.txt'),
        '-port',
        String(ocspBackendPort),
        '-rsigner',
        ocspSigner.certPath,
        '-rkey',
        ocspSigner.keyPath,
        '-CA',
        join(intDir, 'ca.crt'),
        '-nmin',
        '60',
        '-ignore_err',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await waitForResponder(responder);
  };
  const restartResponder = async () => {
    const old = responder;
    if (old && old.exitCode === null) {
      await new Promise((resolve) => {
        old.once('exit', resolve);
        old.kill('SIGKILL');
      });
    }
    await startResponder();
  };
  await startResponder();
  const ocspProxy: Server = createServer(async (request, response) => {
    if (!available) {
      response.writeHead(503).end();
      return;
    }
    hits.ocsp += 1;
    const body = await readBody(request);
    try {
      const answer = await fetch(`http://127.0.0.1:${ocspBackendPort}${request.url ?? '/'}`, {
        method: request.method,
        headers: { 'content-type': 'application/ocsp-request' },
        body: request.method === 'POST' ? new Uint8Array(body) : undefined,
      });
      response
        .writeHead(answer.status, { 'content-type': 'application/ocsp-response' })
        .end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      response.writeHead(502).end(String(error));
    }
  });
  await new Promise<void>((resolve) => ocspProxy.listen(ocspPort, '127.0.0.1', resolve));

  return {
    dir,
    rootPath: join(rootDir, 'ca.crt'),
    intermediatePath: join(intDir, 'ca.crt'),
    root: pemToDerList(readFileSync(join(rootDir, 'ca.crt'), 'utf8'))[0]!,
    intermediate: pemToDerList(readFileSync(join(intDir, 'ca.crt'), 'utf8'))[0]!,
    httpUrl,
    ocspUrl,
    tsaUrl: `${httpUrl}/tsa`,
    tsa,
    hits,
    issueLeaf,
    async pkcs12({ leaf, passphrase, chain, legacy }) {
      const out = `${leaf.certPath}.${chain ?? 'full'}${legacy ? '.legacy' : ''}.p12`;
      const chainFile = join(dir, `chain-${chain ?? 'full'}.pem`);
      const parts =
        chain === 'none'
          ? []
          : chain === 'intermediate'
            ? [join(intDir, 'ca.crt')]
            : [join(intDir, 'ca.crt'), join(rootDir, 'ca.crt')];
      writeFileSync(chainFile, parts.map((file) => readFileSync(file, 'utf8')).join(''));
      await openssl([
        'pkcs12',
        '-export',
        ...(legacy ? ['-legacy'] : []),
        '-inkey',
        leaf.keyPath,
        '-in',
        leaf.certPath,
        ...(parts.length ? ['-certfile', chainFile] : []),
        '-out',
        out,
        '-passout',
        `pass:${passphrase}`,
      ]);
      return out;
    },
    revoke: (leaf) =>
      serialized(async () => {
        await openssl([
          'ca',
          '-config',
          join(intDir, 'ca.cnf'),
          '-revoke',
          leaf.certPath,
          '-crl_reason',
          'keyCompromise',
        ]);
        await writeCrls();
        await restartResponder();
      }),
    setAvailable(value) {
      available = value;
    },
    async close() {
      responder?.kill('SIGKILL');
      for (const server of [http, ocspProxy]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
