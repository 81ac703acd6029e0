import { renderPageShell } from '../portal/page-html.js';

/**
 * The signer page's policy: the portal's (this origin only, no inline code or styles, no framing) plus workers from
 * this origin for pdf.js. No 'unsafe-eval' (pdf.js runs with isEvalSupported: false), no 'wasm-unsafe-eval', no
 * blob: or data: sources. Canvas drawing needs nothing from the CSP.
 */
export const SIGNING_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src " +
  "'self'; worker-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The shell of /s/:token (portal/sign.ts builds the page inside #signing and reads the token from the address). The
 * shell never contains the token; pdf.js's hashed URLs travel as data attributes.
 */
export function renderSigningPage(options: {
  script: string;
  style: string;
  pdfjs: string;
  pdfjsWorker: string;
}): string {
  return renderPageShell({
    script: options.script,
    style: options.style,
    title: 'Segl – signing',
    rootId: 'signing',
    private: true,
    data: { pdfjs: options.pdfjs, 'pdfjs-worker': options.pdfjsWorker },
    noscript:
      'Segl: signing needs JavaScript. Turn it on and open the link again. / Signering krever ' +
      'JavaScript. Slå det på og åpne lenken på nytt.',
  });
}
