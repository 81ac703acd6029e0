import { EXIT, UsageError, reportCliError } from './cli-output.js';
import { runSeal } from './commands/seal.js';
import { runVerify } from './commands/verify.js';
import { runPki } from './commands/pki.js';
import { runServe } from './commands/serve.js';
import { runKeys } from './commands/keys.js';
import { runAdmin } from './commands/admin.js';
import { runToken } from './commands/token.js';
import { runRetentionCommand } from './commands/retention.js';
import { runExport } from './commands/export.js';
import { runAuditCommand } from './commands/audit.js';

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
  audit verify [DOCUMENT_ID|CODE] [--json]     check audit trails (chain, RFC 3161 tokens, the sealed PDF's copy);
                                               exit 1 if any is broken
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
    case 'serve':
      return runServe(context);
    case 'seal':
      return runSeal(context);
    case 'verify':
      return runVerify(context);
    case 'pki':
      return runPki(context);
    case 'keys':
      return runKeys(context);
    case 'admin':
      return runAdmin(context);
    case 'token':
      return runToken(context);
    case 'retention':
      return runRetentionCommand(context);
    case 'export':
      return runExport(context);
    case 'audit':
      return runAuditCommand(context);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.exitCode = reportCliError(error);
  },
);
