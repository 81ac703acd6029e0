import { readFileSync, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { EXIT, UsageError } from '../cli-output.js';
import { loadConfig } from '../../server/lib/config.js';
import { systemClock } from '../../server/lib/clock.js';
import { openSealer } from '../../server/domain/sealer.js';
import { importSealKey, resetSealKey } from '../../server/domain/seal-key/import-seal-key.js';
import { describeSealKey, type SealKeyDescription } from '../../server/domain/seal-key/describe-seal-key.js';
import type { CommandContext } from '../segl.js';

const USAGE = `usage: segl seal-key import FILE.p12 [--passphrase-file F] [--chain FILE.pem] [--json]
       segl seal-key show [--json]
       segl seal-key reset                 (new seals use the appliance's own CA again)`;

function parse(args: string[]): { positionals: string[]; options: Record<string, string | true> } {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const match = /^--(passphrase-file|chain|json)(?:=(.*))?$/.exec(arg);
    if (!match) {
      if (arg.startsWith('-')) throw new UsageError(`unexpected option "${arg}"\n${USAGE}`);
      positionals.push(arg);
      continue;
    }
    if (match[1] === 'json') options.json = true;
    else {
      const value = match[2] ?? args[++i];
      if (!value) throw new UsageError(`--${match[1]} needs a file\n${USAGE}`);
      options[match[1]!] = value;
    }
  }
  return { positionals, options };
}

function readFileOrFail(file: string, what: string): Buffer {
  if (!existsSync(file)) throw new UsageError(`no such ${what}: ${file}`);
  return readFileSync(file);
}

/**
 * The passphrase: first line of --passphrase-file, else asked on the terminal (not echoed), else stdin's first line.
 */
async function readPassphrase(file: string | undefined): Promise<string> {
  if (file) return readFileOrFail(file, 'passphrase file').toString('utf8').split(/\r?\n/)[0] ?? '';
  const terminal = process.stdin.isTTY === true;
  if (terminal) process.stderr.write('PKCS#12 passphrase: ');
  // On a terminal, readline echoes into a sink: what is typed is not shown.
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input: process.stdin, output: terminal ? sink : undefined, terminal });
  for await (const line of lines) {
    lines.close();
    if (terminal) process.stderr.write('\n');
    return line;
  }
  return '';
}

function print(description: SealKeyDescription, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(description, null, 2)}\n`);
    return;
  }
  const source =
    description.source === 'appliance'
      ? "the appliance's own CA"
      : description.source === 'pkcs12'
        ? 'imported PKCS#12'
        : 'PKCS#11 token';
  const lines = [
    `source:      ${source}`,
    `subject:     ${description.subject}`,
    `issuer:      ${description.issuer}`,
    `serial:      ${description.serialNumber}`,
    `valid:       ${description.notBefore} to ${description.notAfter}`,
    `key:         ${description.keyType}, usage ${description.keyUsage.join(', ') || 'unrestricted'}`,
    `SHA-256:     ${description.sha256}`,
    `SHA-1:       ${description.sha1}`,
    ...description.chain.map(
      (issuer, index) => `chain[${index}]:    ${issuer.subject} (until ${issuer.notAfter}, SHA-256 ${issuer.sha256})`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function runSealKey(context: CommandContext): Promise<number> {
  const [sub, ...rest] = context.args;
  const { positionals, options } = parse(rest);
  const config = loadConfig({ dataDir: context.dataDir });
  const json = options.json === true;
  switch (sub) {
    case 'import': {
      if (positionals.length !== 1) throw new UsageError(USAGE);
      const pkcs12 = readFileOrFail(positionals[0]!, 'file');
      const chainPem =
        typeof options.chain === 'string' ? readFileOrFail(options.chain, 'chain file').toString('utf8') : undefined;
      const passphrase = await readPassphrase(
        typeof options['passphrase-file'] === 'string' ? options['passphrase-file'] : undefined,
      );
      const description = await importSealKey({
        config,
        clock: systemClock,
        pkcs12: new Uint8Array(pkcs12),
        passphrase,
        chainPem,
      });
      if (!json) process.stderr.write('imported: new seals are made with this certificate\n');
      print(description, json);
      return EXIT.ok;
    }
    case 'show': {
      if (positionals.length) throw new UsageError(USAGE);
      const sealer = await openSealer({ config });
      try {
        print(describeSealKey(await sealer.sealIdentity()), json);
      } finally {
        sealer.close();
      }
      return EXIT.ok;
    }
    case 'reset': {
      if (positionals.length) throw new UsageError(USAGE);
      resetSealKey({ config, clock: systemClock });
      process.stderr.write("new seals are made with the appliance's own CA\n");
      return EXIT.ok;
    }
    default:
      throw new UsageError(USAGE);
  }
}
