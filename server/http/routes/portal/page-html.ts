/** The portal pages' policy: everything from this origin only, no inline code or styles, no framing. */
export const PORTAL_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src " +
  "'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The HTML shell every page shares: the page's bundle builds everything inside the root element in the visitor's
 * language. Without JavaScript a short bilingual note says why nothing happens.
 */
export function renderPageShell(options: {
  title: string;
  script: string;
  style: string;
  rootId: string;
  noscript: string;
  /** Pages behind personal links or a login stay out of search engines and send no referrer. */
  private?: boolean;
  /** data-* attributes for the root element (values escaped here). */
  data?: Record<string, string>;
}): string {
  const data = Object.entries(options.data ?? {})
    .map(([name, value]) => ` data-${name}="${escapeAttribute(value)}"`)
    .join('');
  const privateMeta = options.private
    ? '\n<meta name="referrer" content="no-referrer">\n<meta name="robots" content="noindex, nofollow">'
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">${privateMeta}
<title>${escapeAttribute(options.title)}</title>
<link rel="stylesheet" href="/portal-assets/${escapeAttribute(options.style)}">
<script src="/portal-assets/${escapeAttribute(options.script)}" defer></script>
</head>
<body>
<div id="${escapeAttribute(options.rootId)}"${data}>
  <noscript><p class="noscript">${options.noscript}</p></noscript>
</div>
</body>
</html>
`;
}

/** The shell of /verify and /v/:code (portal/verify.ts builds the page inside #portal). */
export function renderPortalPage(options: { script: string; style: string }): string {
  return renderPageShell({
    ...options,
    title: 'Segl – verify a document',
    rootId: 'portal',
    noscript:
      'Segl: this page needs JavaScript to check documents. / Denne siden trenger JavaScript for ' +
      'å kontrollere dokumenter.',
  });
}
