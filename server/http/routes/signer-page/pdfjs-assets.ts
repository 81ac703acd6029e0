import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One pdf.js file as served: its public (content-hashed) name and its bytes, unmodified (licence header kept). */
export interface PdfJsAsset {
  fileName: string;
  body: Buffer;
}

/** The library module the signer page imports and the worker module pdf.js starts, by public name. */
export interface PdfJsAssets {
  library: PdfJsAsset;
  worker: PdfJsAsset;
  files: Map<string, PdfJsAsset>;
}

/** Where the page finds them: under /portal-assets/ like the portal's own bundles, in a folder of their own. */
export const PDFJS_ASSET_PATH = '/portal-assets/pdfjs';

/**
 * pdf.js's legacy build (it runs on older phone browsers too), read from the installed pdfjs-dist, a runtime
 * dependency: the same files serve the source tree, the build and the image, so nothing is copied into dist/.
 */
export function loadPdfJsAssets(options: { moduleUrl: string }): PdfJsAssets {
  const require = createRequire(options.moduleUrl);
  const asset = (specifier: string, name: string): PdfJsAsset => {
    const body = readFileSync(require.resolve(specifier));
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    return { fileName: `${name}-${hash}.mjs`, body };
  };
  const library = asset('pdfjs-dist/legacy/build/pdf.min.mjs', 'pdf');
  const worker = asset('pdfjs-dist/legacy/build/pdf.worker.min.mjs', 'pdf.worker');
  return { library, worker, files: new Map([library, worker].map((file) => [file.fileName, file])) };
}
