import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPortalAssets, contentTypeOf, PORTAL_MANIFEST, type PortalAssets } from './build-portal-assets.js';

/**
 * The bundles of every page (portal, signer page, staff app), loaded once. Where they come from:
 * - running from source (this file is `.ts`, under tsx): always bundled in memory from portal/, so they are never
 *   stale; esbuild (a development dependency) is there;
 * - running the build (dist/, as in the image): the files `npm run build` wrote to dist/portal/ with their manifest;
 *   if that directory is missing and the sources and esbuild are at hand, bundled in memory as a fallback.
 */
export async function loadPortalAssets(options: { moduleUrl: string }): Promise<PortalAssets> {
  // <root>/server/http/routes/portal/x.ts or <root>/dist/server/http/routes/portal/x.js: four levels up.
  const base = fileURLToPath(new URL('../../../../', options.moduleUrl));
  // One load per tree and process, shared by every page and every app instance (tests create many).
  let loading = loads.get(base);
  if (!loading) {
    loading = readOrBuild(base, options.moduleUrl.endsWith('.ts'));
    loads.set(base, loading);
    loading.catch(() => loads.delete(base));
  }
  return loading;
}

const loads = new Map<string, Promise<PortalAssets>>();

async function readOrBuild(base: string, fromSource: boolean): Promise<PortalAssets> {
  const sourceDir = fromSource ? join(base, 'portal') : join(base, '..', 'portal');
  if (!fromSource) {
    const outdir = join(base, 'portal');
    const manifestPath = join(outdir, PORTAL_MANIFEST);
    if (existsSync(manifestPath)) {
      const entries = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>;
      const files = new Map(
        Object.values(entries).map((fileName) => [
          fileName,
          { fileName, contentType: contentTypeOf(fileName), body: readFileSync(join(outdir, fileName)) },
        ]),
      );
      return { entries, files };
    }
  }
  if (!existsSync(sourceDir))
    throw new Error(
      `portal assets missing: neither dist/portal/${PORTAL_MANIFEST} nor the sources in ${sourceDir}; ` +
        'run npm run build',
    );
  return buildPortalAssets({ sourceDir, outdir: join(base, fromSource ? 'dist' : '', 'portal'), write: false });
}
