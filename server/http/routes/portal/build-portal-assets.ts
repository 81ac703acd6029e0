import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** One built asset of the portal: its public (content-hashed) file name and its bytes. */
export interface PortalAsset {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/** The portal's assets by entry (`verify.js`, `verify.css`) and by hashed file name. */
export interface PortalAssets {
  entries: Record<string, string>;
  files: Map<string, PortalAsset>;
}

export const PORTAL_MANIFEST = 'manifest.json';

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

export function contentTypeOf(fileName: string): string {
  const ext = fileName.slice(fileName.lastIndexOf('.'));
  return TYPES[ext] ?? 'application/octet-stream';
}

/**
 * Bundles the portal's browser modules (every `portal/*.ts` and `portal/*.css` is an entry) with esbuild into
 * content-hashed files. The build script writes them to dist/portal/ with a manifest; a server running from source
 * builds them in memory. esbuild is a development dependency, so it is imported only here, on demand.
 */
export async function buildPortalAssets(options: {
  sourceDir: string;
  outdir: string;
  write: boolean;
}): Promise<PortalAssets> {
  const esbuild = await import('esbuild');
  const entryPoints = readdirSync(options.sourceDir)
    .filter((name) => /\.(ts|css)$/.test(name) && !name.endsWith('.d.ts'))
    .map((name) => join(options.sourceDir, name));
  const result = await esbuild.build({
    entryPoints,
    outdir: options.outdir,
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const entries: Record<string, string> = {};
  const files = new Map<string, PortalAsset>();
  for (const output of result.outputFiles) {
    const fileName = basename(output.path);
    const meta = Object.entries(result.metafile.outputs).find(([path]) => basename(path) === fileName)?.[1];
    if (meta?.entryPoint) entries[basename(meta.entryPoint)] = fileName;
    files.set(fileName, { fileName, contentType: contentTypeOf(fileName), body: Buffer.from(output.contents) });
  }
  // Entry names are the source names with .ts turned into .js: `verify.ts` -> `verify.js`.
  const byPublicName: Record<string, string> = {};
  for (const [source, output] of Object.entries(entries)) byPublicName[source.replace(/\.ts$/, '.js')] = output;
  if (options.write) {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(options.outdir, { recursive: true });
    for (const file of files.values()) writeFileSync(join(options.outdir, file.fileName), file.body);
    writeFileSync(join(options.outdir, PORTAL_MANIFEST), `${JSON.stringify(byPublicName, null, 2)}\n`);
  }
  return { entries: byPublicName, files };
}
