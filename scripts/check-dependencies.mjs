// Checks DESIGN.md's one-way module map: every relative import must go to a folder the importer may use.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ALLOWED = {
  'server/http': ['server/domain', 'server/lib'],
  'server/jobs': ['server/domain', 'server/lib'],
  'server/domain': ['server/pades', 'server/pdf', 'server/crypto', 'server/storage', 'server/lib'],
  'server/pades': ['server/pdf', 'server/crypto', 'server/lib'],
  'server/pdf': ['server/lib'],
  'server/crypto': ['server/lib'],
  'server/storage': ['server/crypto/envelope', 'server/lib'],
  'server/lib': [],
  'server/main.ts': ['server'],
  portal: [],
  // The CLI uses use cases and lib; `segl serve` starts the composition root.
  scripts: ['server/domain', 'server/lib', 'server/main.ts'],
};

function moduleOf(path) {
  const rel = relative(root, path).split(sep).join('/');
  if (rel === 'server/main.ts') return 'server/main.ts';
  if (rel.startsWith('server/')) return rel.split('/').slice(0, 2).join('/');
  return rel.split('/')[0];
}

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|mjs|js)$/.test(name)) yield path;
  }
}

const violations = [];
for (const top of ['server', 'scripts', 'portal']) {
  let files;
  try {
    files = [...sourceFiles(join(root, top))];
  } catch {
    continue;
  }
  for (const file of files) {
    const from = moduleOf(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
      const target = resolve(dirname(file), match[1] ?? match[2]).replace(/\.js$/, '.ts');
      const to = moduleOf(target);
      if (to === from) continue;
      const rel = relative(root, target).split(sep).join('/');
      const allowed = ALLOWED[from] ?? [];
      if (!allowed.some((prefix) => rel === prefix || rel.startsWith(prefix.endsWith('.ts') ? prefix : `${prefix}`))) {
        violations.push(`${relative(root, file)} imports ${rel} (${from} may use: ${allowed.join(', ') || 'nothing'})`);
      }
    }
  }
}
if (violations.length) {
  console.error(`Module map violations (DESIGN.md "Module map"):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('module map: every import follows the one-way dependencies');
