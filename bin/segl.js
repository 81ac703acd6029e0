#!/usr/bin/env node
// The `segl` command: runs the bundled CLI (dist/bundle, fast to start) or else the compiled one (dist/scripts),
// both built by `npm ci` through the prepare script.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundled = join(root, 'dist', 'bundle', 'segl.js');
const entry = existsSync(bundled) ? bundled : join(root, 'dist', 'scripts', 'segl.js');
if (!existsSync(entry)) {
  process.stderr.write(`segl: the build is missing; run \`npm ci\` (or \`npm run build\`) in ${root}\n`);
  process.exit(2);
}
await import(pathToFileURL(entry).href);
