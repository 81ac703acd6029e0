// Copies into OUT/node_modules only what the bundled appliance loads from node_modules at run time (see
// scripts/bundle.mjs): the SQLite binding (its compiled .node file and loader, not its sources or build tree),
// the PostgreSQL driver with its dependencies, and the two pdf.js files the signing page serves.
//   usage: node scripts/image/collect-runtime-modules.mjs OUT_DIR
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = process.argv[2];
if (!out) throw new Error('usage: collect-runtime-modules.mjs OUT_DIR');

/** Packages copied in part: only these paths, and only these of their dependencies (the rest serve the build). */
const PARTIAL = {
  sqlite3: {
    paths: [
      'package.json',
      'LICENSE',
      'lib/sqlite3.js',
      'lib/sqlite3-binding.js',
      'lib/trace.js',
      'build/Release/node_sqlite3.node',
    ],
    dependencies: ['bindings'],
  },
  'pdfjs-dist': {
    paths: ['package.json', 'LICENSE', 'legacy/build/pdf.min.mjs', 'legacy/build/pdf.worker.min.mjs'],
    dependencies: [],
  },
};
const ROOTS = ['sqlite3', 'pg', 'pdfjs-dist', 'pkcs11js'];

/** Node's lookup: node_modules/NAME in this package's directory and every directory above it. */
function locate(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === dirname(dir)) return undefined;
  }
}

const copied = new Set();
function copyPackage(name, fromDir) {
  const dir = locate(name, fromDir);
  if (!dir) throw new Error(`${name} is not installed (needed from ${fromDir})`);
  if (copied.has(dir)) return;
  copied.add(dir);
  const target = join(out, relative(root, dir));
  const partial = PARTIAL[name];
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (partial) {
    for (const path of partial.paths) {
      if (!existsSync(join(dir, path))) continue;
      mkdirSync(dirname(join(target, path)), { recursive: true });
      cpSync(join(dir, path), join(target, path));
    }
  } else {
    cpSync(dir, target, { recursive: true, filter: (source) => !relative(dir, source).startsWith('node_modules') });
  }
  const dependencies = partial ? partial.dependencies : Object.keys(manifest.dependencies ?? {});
  for (const dependency of dependencies) copyPackage(dependency, dir);
}

for (const name of ROOTS) copyPackage(name, root);
console.log(`runtime node_modules: ${copied.size} packages -> ${out}/node_modules`);
