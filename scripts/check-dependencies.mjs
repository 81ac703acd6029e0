// Checks DESIGN.md's one-way module map: every import (relative or of a package) must go to a folder the importer
// may use; re-exports are followed to where a name is defined, so no module passes on what its importers may not use.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// the checkout this script lives in, or another tree given as the argument (the tests check made-up trees)
const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
// A prefix names a folder (and everything below it) or one file (ending in .ts).
const ALLOWED = {
  'server/http': ['server/domain', 'server/lib'],
  'server/jobs': ['server/domain', 'server/lib'],
  'server/domain': ['server/pades', 'server/pdf', 'server/crypto', 'server/storage', 'server/lib'],
  'server/pades': ['server/pdf', 'server/crypto', 'server/lib'],
  'server/pdf': ['server/lib'],
  'server/crypto': ['server/lib'],
  'server/storage': ['server/crypto/envelope-document.ts', 'server/lib'],
  'server/lib': [],
  'server/main.ts': ['server'],
  portal: [],
  // The CLI uses use cases and lib; `segl serve` starts the composition root.
  scripts: ['server/domain', 'server/lib', 'server/main.ts'],
};
// Packages only some modules may use: the database is reached through storage's models, by storage and the domain.
const PACKAGE_USERS = {
  sequelize: ['server/storage', 'server/domain', 'server/main.ts'],
  pg: ['server/storage'],
  sqlite3: ['server/storage'],
};
// Above the domain, the database handle (until it is gone from there) is only passed on to domain operations.
const NO_DATABASE_ACCESS = ['server/http', 'server/jobs', 'scripts'];
const DATABASE_ACCESS = /\.(models|sequelize)\b|\{[^}]*\b(models|sequelize)\b[^}]*\}\s*=/;

const IMPORT = /(import|export)\s([^'"]*?)from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
// `export { a, b as c };` without `from`: passes on names that may have been imported. (`export type { ... }` of an
// imported type is a module naming what it returns, e.g. the domain's verification report; it is gone at run time.)
const LOCAL_EXPORT = /export\s*\{([^}]*)\}\s*(?!\s*from\b)/g;

/** The local names an import clause binds: `a`, `{ b, c as d, type e }`, `* as f`. */
function boundNames(clause) {
  return clause
    .replace(/^type\s+/, '')
    .replace(/[{}]/g, ',')
    .split(',')
    .map((part) => part.trim().replace(/^type\s+/, ''))
    .filter(Boolean)
    .map((part) =>
      part
        .split(/\s+as\s+/)
        .pop()
        .trim(),
    );
}

const withinPrefix = (path, prefix) => path === prefix || path.startsWith(`${prefix}/`);

function moduleOf(rel) {
  if (rel === 'server/main.ts') return 'server/main.ts';
  if (rel.startsWith('server/')) return rel.split('/').slice(0, 2).join('/');
  return rel.split('/')[0];
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|mjs|js)$/.test(entry.name)) yield path;
  }
}

const toRel = (path) => relative(root, path).split(sep).join('/');
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** The imports of a file: relative ones resolved to a path from the root, packages by name; re-exports marked. */
function importsOf(rel) {
  const text = readFileSync(join(root, rel), 'utf8');
  const found = [];
  const passedOn = new Set(
    [...text.matchAll(LOCAL_EXPORT)].flatMap((match) =>
      match[1].split(',').map((part) =>
        part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]
          .trim(),
      ),
    ),
  );
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[3] ?? match[4];
    const reexport =
      match[1] === 'export' || (match[1] === 'import' && boundNames(match[2]).some((name) => passedOn.has(name)));
    if (specifier.startsWith('.')) {
      const target = toRel(resolve(dirname(join(root, rel)), specifier)).replace(/\.js$/, '.ts');
      found.push({ target, reexport });
    } else if (!specifier.startsWith('node:')) {
      found.push({ packageName: packageName(specifier), reexport });
    }
  }
  return { text, found };
}

const files = [];
// a folder that is not there has nothing to check; any other failure to list one must not pass as "no violations"
for (const top of ['server', 'scripts', 'portal'].filter((folder) => existsSync(join(root, folder)))) {
  files.push(...[...sourceFiles(join(root, top))].map(toRel));
}
if (!files.length) {
  console.error(`No sources under ${root} (server/, scripts/ or portal/): nothing was checked`);
  process.exit(1);
}
const parsed = new Map(files.map((rel) => [rel, importsOf(rel)]));

/** What a file passes on (`export ... from`, or imported names exported again), followed through further re-exports. */
function reexportedBy(rel, seen = new Set()) {
  if (seen.has(rel) || !parsed.has(rel)) return [];
  seen.add(rel);
  const direct = parsed.get(rel).found.filter((edge) => edge.reexport);
  return direct.flatMap((edge) => [edge, ...(edge.target ? reexportedBy(edge.target, seen) : [])]);
}

const violations = [];
for (const rel of files) {
  const from = moduleOf(rel);
  const { text, found } = parsed.get(rel);
  for (const edge of found) {
    const through = edge.target ? reexportedBy(edge.target) : [];
    for (const used of [edge, ...through]) {
      const via = used === edge ? '' : ` (re-exported by ${edge.target})`;
      if (used.packageName) {
        const users = PACKAGE_USERS[used.packageName];
        if (users && !users.some((prefix) => withinPrefix(rel, prefix))) {
          violations.push(`${rel} uses the package ${used.packageName}${via} (only ${users.join(', ')} may)`);
        }
        continue;
      }
      if (moduleOf(used.target) === from) continue;
      const allowed = ALLOWED[from] ?? [];
      if (!allowed.some((prefix) => withinPrefix(used.target, prefix))) {
        const may = allowed.join(', ') || 'nothing';
        violations.push(`${rel} imports ${used.target}${via} (${from} may use: ${may})`);
      }
    }
  }
  if (NO_DATABASE_ACCESS.some((prefix) => withinPrefix(rel, prefix))) {
    const line = text.split('\n').findIndex((source) => DATABASE_ACCESS.test(source));
    if (line >= 0) violations.push(`${rel}:${line + 1} reads models or sequelize (call a domain operation instead)`);
  }
}
if (violations.length) {
  console.error(`Module map violations (DESIGN.md "Module map"):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('module map: every import follows the one-way dependencies');
