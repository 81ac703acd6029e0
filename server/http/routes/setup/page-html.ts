import { renderPageShell } from '../portal/page-html.js';

/** The setup (/setup/<token>), enrolment (/enrol/<token>) and staff login (/login) pages. */
export type AuthPageMode = 'setup' | 'enrol' | 'login';

/** The portal pages' policy: everything from this origin only, no inline code or styles, no framing. */
export { PORTAL_PAGE_CSP as AUTH_PAGE_CSP } from '../portal/page-html.js';

/**
 * The shell of the sign-in pages: portal/auth.ts builds the page inside #auth in the visitor's language, for the
 * mode on its data attribute. The shell never contains the link's token (the page reads it from the address).
 */
export function renderAuthPage(options: { script: string; style: string; mode: AuthPageMode }): string {
  return renderPageShell({
    script: options.script,
    style: options.style,
    title: 'Segl',
    rootId: 'auth',
    private: true,
    data: { mode: options.mode },
    noscript: 'Segl: signing in needs JavaScript. / Segl: innlogging krever JavaScript.',
  });
}
