/** The portal pages' policy: everything from this origin only, no inline code or styles, no framing. */
export const PORTAL_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The shell of /verify and /v/:code: the portal bundle (portal/verify.ts) builds the page inside #portal in the
 * visitor's language. Without JavaScript a short bilingual note says why nothing happens.
 */
export function renderPortalPage(options: { script: string; style: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Segl – verify a document</title>
<link rel="stylesheet" href="/portal-assets/${options.style}">
<script src="/portal-assets/${options.script}" defer></script>
</head>
<body>
<div id="portal">
  <noscript><p class="noscript">Segl: this page needs JavaScript to check documents. / Denne siden trenger JavaScript for å kontrollere dokumenter.</p></noscript>
</div>
</body>
</html>
`;
}
