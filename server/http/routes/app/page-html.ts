/** The staff app's policy: the portal pages' policy (everything from this origin only, no inline code or styles). */
export { PORTAL_PAGE_CSP as APP_PAGE_CSP } from '../portal/page-html.js';

/**
 * The shell of /app and /app/documents/:id: the staff app bundle (portal/app.ts) builds the page inside #app in the
 * user's language, from the API. Without JavaScript a short bilingual note says why nothing happens.
 */
export function renderAppPage(options: { script: string; style: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="robots" content="noindex, nofollow">
<title>Segl</title>
<link rel="stylesheet" href="/portal-assets/${options.style}">
<script src="/portal-assets/${options.script}" defer></script>
</head>
<body>
<div id="app">
  <noscript><p class="noscript">Segl: the staff app needs JavaScript. / Segl: arbeidsflaten trenger JavaScript.</p></noscript>
</div>
</body>
</html>
`;
}
