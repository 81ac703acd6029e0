/**
 * The signer page's policy: the portal's (this origin only, no inline code or styles, no framing) plus workers from
 * this origin for pdf.js. No 'unsafe-eval' (pdf.js runs with isEvalSupported: false), no 'wasm-unsafe-eval', no
 * blob: or data: sources. Canvas drawing needs nothing from the CSP.
 */
export const SIGNING_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; worker-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The shell of /s/:token: the signer bundle (portal/sign.ts) builds the page inside #signing in the signer's
 * language and reads the token from the address. The shell never contains the token. pdf.js's hashed URLs travel as
 * data attributes; without JavaScript a short bilingual note says why nothing happens.
 */
export function renderSigningPage(options: { script: string; style: string; pdfjs: string; pdfjsWorker: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>Segl – signing</title>
<link rel="stylesheet" href="/portal-assets/${escapeAttribute(options.style)}">
<script src="/portal-assets/${escapeAttribute(options.script)}" defer></script>
</head>
<body>
<div id="signing" data-pdfjs="${escapeAttribute(options.pdfjs)}" data-pdfjs-worker="${escapeAttribute(options.pdfjsWorker)}">
  <noscript><p class="noscript">Segl: signing needs JavaScript. Turn it on and open the link again. / Signering krever JavaScript. Slå det på og åpne lenken på nytt.</p></noscript>
</div>
</body>
</html>
`;
}
