import { renderPageShell } from '../portal/page-html.js';

/** The staff app's policy: the portal pages' policy (everything from this origin only, no inline code or styles). */
export { PORTAL_PAGE_CSP as APP_PAGE_CSP } from '../portal/page-html.js';

/** The shell of /app and /app/documents/:id (portal/app.ts builds the page inside #app, from the API). */
export function renderAppPage(options: { script: string; style: string }): string {
  return renderPageShell({
    ...options,
    title: 'Segl',
    rootId: 'app',
    private: true,
    noscript: 'Segl: the staff app needs JavaScript. / Segl: arbeidsflaten trenger JavaScript.',
  });
}
