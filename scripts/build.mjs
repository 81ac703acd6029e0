// Compiles the TypeScript sources to dist/ so that `npx segl` and `npm start` run without a compiler at run time,
// then bundles the portal's browser code (portal/*.ts, portal/*.css) with esbuild into dist/portal/ (content-hashed
// names and a manifest.json), using the same esbuild options the server uses when it runs from source.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url);
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
// The portal's API types come from the route contracts (scripts/generate-api-types.mjs): generated before anything
// compiles, so that a fresh clone (`npm ci` runs this through prepare) type-checks.
const generated = spawnSync(process.execPath, ['scripts/generate-api-types.mjs'], { stdio: 'inherit', cwd: root });
if (generated.status !== 0) process.exit(generated.status ?? 1);
const tsc = require.resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd: root });
if (result.status !== 0) process.exit(result.status ?? 1);

// Files the compiled code reads at run time (the embedded Unicode font and its licence) travel with it.
cpSync(new URL('../server/pdf/fonts', import.meta.url), new URL('../dist/server/pdf/fonts', import.meta.url), {
  recursive: true,
  filter: (source) => !source.endsWith('.ts'),
});

// The bundler options live in one place, the server's portal route (it bundles in memory when run from source);
// here the freshly compiled copy of that module runs, as `node dist/...` would: build output, not a source import.
const compiled = new URL('../dist/server/http/routes/portal/build-portal-assets.js', import.meta.url);
const { buildPortalAssets } = await import(compiled.href);
const portal = await buildPortalAssets({
  sourceDir: fileURLToPath(new URL('../portal', import.meta.url)),
  outdir: fileURLToPath(new URL('../dist/portal', import.meta.url)),
  write: true,
});
console.log(`portal: ${Object.values(portal.entries).join(', ')} -> dist/portal/`);

// The bundled CLI and server (bin/segl.js runs it when present): see scripts/bundle.mjs.
await import('./bundle.mjs');
