// Source lines stay at most 120 characters: the formatter wraps code, this catches what it cannot (long strings,
// comments, regular expressions).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LIMIT = 120;
const SOURCE = /\.(ts|mts|mjs|js)$/;
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((file) => SOURCE.test(file) && !file.startsWith('test/fixtures/'));
const long = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the working tree
  }
  text.split('\n').forEach((line, index) => {
    if (line.length > LIMIT) long.push(`${file}:${index + 1} has ${line.length} characters`);
  });
}
if (long.length) {
  console.error(`Lines over ${LIMIT} characters:\n  ${long.join('\n  ')}`);
  process.exit(1);
}
