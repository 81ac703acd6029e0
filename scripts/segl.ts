import { EXIT, UsageError, reportCliError } from './cli-output.js';

type CommandRunner = (context: CommandContext) => Promise<number>;

/**
 * Each command's module is imported only when that command runs: `segl --help` must not load the server, and
 * `segl verify` must not load the HTTP app, the database or the mailer.
 */
const COMMANDS: Record<string, () => Promise<CommandRunner>> = {
  serve: async () => (await import('./commands/serve.js')).runServe,
  seal: async () => (await import('./commands/seal.js')).runSeal,
  verify: async () => (await import('./commands/verify.js')).runVerify,
  pki: async () => (await import('./commands/pki.js')).runPki,
  keys: async () => (await import('./commands/keys.js')).runKeys,
  admin: async () => (await import('./commands/admin.js')).runAdmin,
  token: async () => (await import('./commands/token.js')).runToken,
  retention: async () => (await import('./commands/retention.js')).runRetentionCommand,
  export: async () => (await import('./commands/export.js')).runExport,
  backup: async () => (await import('./commands/backup.js')).runBackupCommand,
  restore: async () => (await import('./commands/restore.js')).runRestoreCommand,
  doctor: async () => (await import('./commands/doctor.js')).runDoctor,
  audit: async () => (await import('./commands/audit.js')).runAuditCommand,
  'seal-key': async () => (await import('./commands/seal-key.js')).runSealKey,
  lta: async () => (await import('./commands/lta.js')).runLtaCommand,
  openapi: async () => (await import('./commands/openapi.js')).runOpenApi,
};

const USAGE = `Usage: segl <command> [options]   (--data DIR overrides SEGL_DATA_DIR)

  serve                                        run the appliance (what npm start runs)
  seal IN.pdf OUT.pdf [--level B-B|B-T|B-LT|B-LTA]   seal one PDF (default B-LTA)
  seal --batch IN_DIR OUT_DIR [--level ...]    seal every PDF in a folder, progress on stderr
  verify FILE.pdf [--json] [--trust ROOTS.pem] verify signatures; exit 0 passed, 1 failed/indeterminate, 2 unreadable
  pki root                                     the appliance root CA certificate (PEM) on stdout
  keys rotate [--batch-size N]                 new KEK, every document key re-wrapped (resumes if interrupted;
                                               with SEGL_KEK set, pass the new key as SEGL_KEK_NEXT)
  keys export-document-key ID|CODE [--json]   print a document's session key (recorded in its audit trail), to
                                               decrypt its blobs without Segl (scripts/segl-recover.mjs)
  admin create --email E --name N              a new administrator; prints a one-time enrolment link
  token create --email E --name LABEL          a new full-scope API token for an existing user, printed once
  export --out FILE.zip [--folder ID]          the archive as a ZIP: PDFs, metadata, audit trails, root certificate
  retention run [--dry-run] [--now ISO-8601] [--json]
                                               delete the documents past their retention period (tombstones stay);
                                               --dry-run lists them, --now runs as of that time
  backup --out FILE [--include-kek] [--json]   a consistent online backup: database, blobs, PKI, manifest
                                               (without --include-kek the KEK is NOT in it: keep it safe apart)
  restore FILE --data DIR [--kek-file F] [--json]
                                               restore a backup into an empty data directory (or an empty
                                               PostgreSQL database with DATABASE_URL) and self-check it
  doctor [--json]                              check keys, database, jobs, TSA, certificates, backups, disk;
                                               prints what to fix (exit 1 when something must be fixed)
  audit verify [DOCUMENT_ID|CODE] [--json]     check audit trails (chain, RFC 3161 tokens, the sealed PDF's copy);
                                               exit 1 if any is broken
  seal-key import FILE.p12 [--passphrase-file F] [--chain FILE.pem]
                                               seal with an organisation's certificate (checked first)
  seal-key show [--json] | seal-key reset      the seal certificate in force | back to the appliance CA
  lta renew [--horizon-days N] [--now ISO-8601] [--dry-run] [--json]
                                               renew the archive's long-term evidence (B-LTA) before it expires
  openapi                                      the HTTP API's OpenAPI 3.1 document (JSON) on stdout
  help                                         this text
`;

export interface CommandContext {
  args: string[];
  dataDir?: string;
}

/** Takes the global `--data DIR` (or `--data=DIR`) out of the arguments. */
function extractDataDir(argv: string[]): { dataDir?: string; rest: string[] } {
  const rest: string[] = [];
  let dataDir: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--data') {
      dataDir = argv[i + 1];
      if (!dataDir || dataDir.startsWith('-')) throw new UsageError('--data needs a directory');
      i += 1;
    } else if (arg.startsWith('--data=')) {
      dataDir = arg.slice('--data='.length);
      if (!dataDir) throw new UsageError('--data needs a directory');
    } else {
      rest.push(arg);
    }
  }
  return { dataDir, rest };
}

async function main(argv: string[]): Promise<number> {
  const { dataDir, rest } = extractDataDir(argv);
  const [command, ...args] = rest;
  const context: CommandContext = { args, dataDir };
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return EXIT.ok;
    case undefined:
      process.stderr.write(USAGE);
      return EXIT.error;
    default: {
      const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
      if (!load) throw new UsageError(`unknown command "${command}"`);
      return (await load())(context);
    }
  }
}

// `segl openapi | head`: a reader that stops early is not an error of ours; stop quietly, as Unix tools do
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.ok);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.exitCode = reportCliError(error);
  },
);
