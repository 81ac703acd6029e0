import { renderPageShell } from '../portal/page-html.js';

/**
 * The staff app's policy: the signer page's (everything from this origin only, no inline code or styles, no framing,
 * workers from this origin for pdf.js, which previews documents with script evaluation off).
 */
export { SIGNING_PAGE_CSP as APP_PAGE_CSP } from '../signer-page/page-html.js';

/**
 * The shell of /app and /app/documents/:id (portal/app.ts builds the page inside #app, from the API). pdf.js's
 * hashed URLs travel as data attributes, as on the signer page; the app imports pdf.js only for a preview.
 */
export function renderAppPage(options: { script: string; style: string; pdfjs: string; pdfjsWorker: string }): string {
  return renderPageShell({
    script: options.script,
    style: options.style,
    title: 'Segl',
    rootId: 'app',
    private: true,
    data: { pdfjs: options.pdfjs, 'pdfjs-worker': options.pdfjsWorker },
    noscript: 'Segl: the staff app needs JavaScript. / Segl: arbeidsflaten trenger JavaScript.',
  });
}
