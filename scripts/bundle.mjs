// Bundles the CLI and server (scripts/segl.ts and everything it imports lazily) with esbuild into dist/bundle/:
// a few files instead of hundreds of modules, so `segl` starts fast, and the image carries no node_modules
// except the native SQLite binding, the PostgreSQL driver (Sequelize loads it by name) and the pdf.js files served
// to browsers. Modules that find files next to themselves through import.meta.url (fonts, portal assets, pdf.js)
// get the URL they have in the tsc build (dist/server/...), where `npm run build` puts those files.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;

/** Loaded by name at run time, or files served as they are: stay in node_modules. */
export const BUNDLE_EXTERNALS = [
  'sqlite3',
  'pg',
  'pg-native',
  // a native addon (the PKCS#11 binding): its .node file loads from node_modules
  'pkcs11js',
  'pg-hstore',
  'pdfjs-dist',
  'tedious',
  'mysql2',
  'mariadb',
  'oracledb',
  'ibm_db',
  'snowflake-sdk',
];

const tscLayoutUrls = {
  name: 'tsc-layout-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /[\\/](server|scripts)[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const inDist = `${root}dist/${relative(root, args.path).replace(/\.ts$/, '.js')}`;
      const fromBundle = relative(outdir, inDist).split('\\').join('/');
      return {
        contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`),
        loader: 'ts',
        resolveDir: dirname(args.path),
      };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  // The verification worker is a thread of its own: its entry sits beside the CLI's (verification-pool.ts finds it).
  entryPoints: { segl: `${root}scripts/segl.ts`, 'verify-worker': `${root}server/pades/verify-worker.ts` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: BUNDLE_EXTERNALS,
  plugins: [tscLayoutUrls],
  // CommonJS dependencies call require(); an ESM bundle needs one
  banner: {
    js:
      "import { createRequire as __seglCreateRequire } from 'node:module'; const require = " +
      '__seglCreateRequire(import.meta.url);',
  },
  // smaller files parse faster at every start; identifiers stay, so stack traces in logs stay readable
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});
console.log('bundle: dist/bundle/segl.js');
