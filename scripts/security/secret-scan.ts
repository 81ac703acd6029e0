import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What must never be committed: private keys, the KEK, live tokens of ours and of the usual services. */
export const SECRET_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'PEM private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/ },
  // built from parts so that this file does not match itself
  { name: 'OpenPGP private key', pattern: new RegExp(['-----BEGIN PGP', 'PRIVATE KEY BLOCK-----'].join(' ')) },
  // random base64url: upper case and digits somewhere (metric names such as segl_http_requests_total have neither)
  { name: 'Segl API token', pattern: /\bsegl_(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{30,}/ },
  { name: 'key-encryption key', pattern: /SEGL_KEK(?:_NEXT)?\s*[=:]\s*['"]?(?:[A-Za-z0-9+/]{43}=|[A-Fa-f0-9]{64})/ },
  { name: 'AWS access key', pattern: /\bAKIA[0-9A-Z]{16}\b/ },
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { name: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: 'private key in JSON', pattern: /"private_key"\s*:\s*"-----BEGIN/ },
];

/** File names that hold keys or data whatever their content (a KEK file, key stores, databases). */
export const SECRET_FILE_NAMES =
  /(?:^|\/)(?:kek|kek\.next)$|\.(?:p12|pfx|jks|keystore|key|sqlite|sqlite3)$|(?:^|\/)\.env$/i;

export interface SecretFinding {
  path: string;
  line: number;
  kind: string;
}

const MAX_SCANNED_BYTES = 5 * 1024 * 1024;

/** Scans the files git tracks (`git ls-files`) in `root`; binary files are checked by name only. */
export function scanTrackedFiles(options: { root: string; allow?: { path: string; kind: string }[] }): SecretFinding[] {
  const listing = execFileSync('git', ['ls-files', '-z'], {
    cwd: options.root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = listing.split('\0').filter(Boolean);
  const allowed = (path: string, kind: string) =>
    options.allow?.some((a) => a.path === path && a.kind === kind) ?? false;
  const findings: SecretFinding[] = [];
  for (const path of files) {
    if (SECRET_FILE_NAMES.test(path) && !allowed(path, 'file name')) {
      findings.push({ path, line: 0, kind: 'file name' });
    }
    const full = join(options.root, path);
    let size: number;
    try {
      size = statSync(full).size;
    } catch {
      continue; // deleted in the work tree
    }
    if (size > MAX_SCANNED_BYTES) continue;
    const bytes = readFileSync(full);
    if (bytes.subarray(0, 8000).includes(0)) continue;
    const lines = bytes.toString('utf8').split('\n');
    lines.forEach((text, index) => {
      for (const { name, pattern } of SECRET_PATTERNS) {
        if (pattern.test(text) && !allowed(path, name)) findings.push({ path, line: index + 1, kind: name });
      }
    });
  }
  return findings;
}
