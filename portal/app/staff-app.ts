import { getFolders, getMe, RETURN_KEY, signOut, type FolderNode, type Me, type SendResult } from './api.js';
import type { AppContext, View } from './context.js';
import { createDocumentView } from './document-view.js';
import { createListView } from './document-list.js';
import { createAdminView } from './admin/admin-view.js';
import { ADMIN_SECTIONS, MEMBER_SECTIONS } from './admin/section.js';
import { flattenFolders, renderFolderNav, type FolderEntry } from './folders.js';
import type { Dictionary } from './i18n/dictionary.js';
import { chooseLanguage, LANGUAGES, rememberLanguage, type Language } from './i18n/index.js';
import { hrefOf, parseRoute, type Route } from './routes.js';
import { button, failureMessage, notice, working, type Message } from './ui.js';
import { fill, focusElement, h, icon } from '../shared/dom.js';
import { createBrand, createLanguageChooser } from '../shared/page-header.js';
import { createHealthBanner } from './health-banner.js';

/**
 * The staff app (/app): the shell (header with the signed-in user, language and sign-out; the folder tree; <main>)
 * and the navigation between the document list and a document. Addresses are real paths (see routes.ts), so back,
 * reload and "open in a new tab" work; the server answers every one of them with the same page.
 */
export function startStaffApp(root: HTMLElement): void {
  let language: Language = chooseLanguage();
  const t = (): Dictionary => LANGUAGES[language];
  let me: Me | null = null;
  let tree: FolderNode[] = [];
  let folders: FolderEntry[] = [];
  let route: Route = parseRoute(location.pathname, location.search);
  let view: View | null = null;
  let flash: Message | null = null;
  let failure: Message | null = null;
  let foldersOpen = false;
  let viewTitle = '';
  /** The folder of the document on screen (a document view is "in" its folder). */
  let documentFolderId: string | null = null;
  const sentLinks = new Map<string, SendResult>();

  // ---- fixed parts ----
  const skip = h('a', { class: 'skip-link', href: '#main' });
  const { brand, tagline } = createBrand({ href: '/app', 'data-nav': 'true' });
  const who = h('span', { id: 'who', class: 'who' });
  const signOutButton = h('button', { type: 'button', id: 'sign-out', class: 'link-button sign-out' });
  const languages = createLanguageChooser(LANGUAGES, (chosen) => {
    language = chosen;
    rememberLanguage(language);
    renderChrome();
    view?.render();
  });
  const account = h('div', { class: 'account' }, who, signOutButton);
  const header = h(
    'header',
    { class: 'top' },
    h('div', { class: 'top-inner' }, brand, h('div', { class: 'top-tools' }, account, languages.group)),
  );

  const foldersToggle = h('button', {
    type: 'button',
    id: 'folders-toggle',
    class: 'folders-toggle',
    'aria-expanded': 'false',
    'aria-controls': 'folder-nav',
  });
  const folderNav = h('nav', { id: 'folder-nav', class: 'folder-nav' });
  const sidebar = h('aside', { class: 'sidebar', id: 'sidebar' }, foldersToggle, folderNav);
  const main = h('main', { id: 'main', class: 'app-main', tabindex: '-1' });
  const layout = h('div', { class: 'layout' }, sidebar, main);
  const footerText = h('p', {});
  const footer = h('footer', { class: 'bottom' }, footerText);
  const healthBanner = createHealthBanner(() => language);
  fill(root, skip, header, healthBanner.element, layout, footer);

  const context: AppContext = {
    t,
    get me() {
      return me!;
    },
    get tree() {
      return tree;
    },
    get folders() {
      return folders;
    },
    folder: (id) => (id ? folders.find((f) => f.id === id) : undefined),
    navigate,
    replaceRoute(next) {
      route = next;
      history.replaceState(null, '', hrefOf(next));
      renderFolders();
    },
    takeFlash() {
      const message = flash;
      flash = null;
      return message;
    },
    sentLinks,
    pdfjs:
      root.dataset.pdfjs && root.dataset.pdfjsWorker
        ? { library: root.dataset.pdfjs, worker: root.dataset.pdfjsWorker }
        : null,
    setFolder(id) {
      if (documentFolderId === id) return;
      documentFolderId = id;
      renderFolders();
    },
    async refreshFolders() {
      const again = await getFolders();
      if (again.ok) {
        tree = again.value;
        folders = flattenFolders(tree);
        renderFolders();
      }
    },
    setTitle(text) {
      viewTitle = text;
      document.title = text ? `${text} – Segl` : `Segl – ${t().brandTagline}`;
    },
  };

  // ---- rendering ----
  function renderChrome(): void {
    const d = t();
    document.documentElement.lang = language;
    skip.textContent = d.skipToContent;
    tagline.textContent = d.brandTagline;
    languages.show(language, d.languageLabel);
    who.textContent = me ? me.name : '';
    who.title = me ? `${me.email} · ${me.role === 'admin' ? d.roleAdmin : d.roleMember}` : '';
    signOutButton.textContent = d.signOut;
    signOutButton.hidden = !me;
    footerText.textContent = d.footer;
    folderNav.setAttribute('aria-label', d.foldersLabel);
    healthBanner.render();
    renderFolders();
    if (!view) document.title = viewTitle ? `${viewTitle} – Segl` : `Segl – ${d.brandTagline}`;
  }

  function renderFolders(): void {
    const d = t();
    sidebar.hidden = !me;
    const currentId = route.view === 'list' ? route.folderId : route.view === 'document' ? documentFolderId : null;
    const current = currentId ? folders.find((f) => f.id === currentId) : undefined;
    foldersToggle.setAttribute('aria-expanded', String(foldersOpen));
    fill(
      foldersToggle,
      icon('folder'),
      h(
        'span',
        { class: 'folders-toggle-text' },
        h('span', { class: 'folders-toggle-label' }, d.foldersLabel),
        h('span', { class: 'folders-toggle-current' }, current?.name ?? d.allDocuments),
      ),
      h('span', { class: 'chevron', 'aria-hidden': 'true' }),
    );
    sidebar.classList.toggle('open', foldersOpen);
    const sections = ADMIN_SECTIONS.filter((s) => me?.role === 'admin' || MEMBER_SECTIONS.includes(s));
    const adminNav = h(
      'div',
      { class: 'admin-nav' },
      h('h2', { class: 'sidebar-title' }, d.admin.navTitle),
      h(
        'ul',
        { class: 'folder-list' },
        ...sections.map((section) =>
          h(
            'li',
            {},
            h(
              'a',
              {
                href: `/app/${section}`,
                class: 'folder-link',
                'data-nav': 'true',
                'aria-current': route.view === 'admin' && route.section === section ? 'page' : undefined,
              },
              h('span', { class: 'folder-name' }, d.admin.nav[section]),
            ),
          ),
        ),
      ),
    );
    fill(
      folderNav,
      h('h2', { class: 'sidebar-title' }, d.foldersLabel),
      renderFolderNav({
        d,
        tree,
        currentId,
        currentIsPage: route.view === 'list',
        allCurrent: route.view === 'list' && !route.folderId,
      }),
      adminNav,
    );
  }

  function renderMain(focus?: string | false): void {
    const d = t();
    if (!me) {
      fill(
        main,
        failure
          ? h(
              'div',
              { class: 'start-failure' },
              h('h1', { id: 'page-title', tabindex: '-1' }, d.startFailedTitle),
              notice(failure, d),
              h(
                'p',
                { class: 'actions' },
                button({ id: 'retry', kind: 'secondary', text: d.retry, onClick: () => void start() }),
              ),
            )
          : working(d.loading),
      );
      if (focus) focusElement(document.getElementById(focus));
      return;
    }
    view?.destroy();
    view =
      route.view === 'document'
        ? createDocumentView(context, route)
        : route.view === 'admin'
          ? createAdminView(context, route.section)
          : createListView(context, route);
    fill(main, view.element);
    view.render();
    if (focus !== false) focusElement(document.getElementById(focus ?? 'page-title'));
  }

  function navigate(next: Route, options: { replace?: boolean; focus?: string; flash?: Message } = {}): void {
    route = next;
    documentFolderId = null;
    if (options.flash) flash = options.flash;
    const href = hrefOf(next);
    if (options.replace) history.replaceState(null, '', href);
    else if (href !== location.pathname + location.search) history.pushState(null, '', href);
    foldersOpen = false;
    renderFolders();
    renderMain(options.focus);
    window.scrollTo({ top: 0 });
  }

  // ---- events ----
  // Focus the content without a fragment in the address (a fragment would count as a navigation: popstate).
  skip.addEventListener('click', (event) => {
    event.preventDefault();
    focusElement(main);
  });
  foldersToggle.addEventListener('click', () => {
    foldersOpen = !foldersOpen;
    renderFolders();
  });
  root.addEventListener('click', (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const link = (event.target as Element | null)?.closest?.('a[data-nav]');
    if (!(link instanceof HTMLAnchorElement)) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    navigate(parseRoute(url.pathname, url.search));
  });
  window.addEventListener('popstate', () => {
    const next = parseRoute(location.pathname, location.search);
    if (hrefOf(next) === hrefOf(route) && view) return; // only the fragment changed
    route = next;
    documentFolderId = null;
    foldersOpen = false;
    renderFolders();
    renderMain();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && foldersOpen) {
      foldersOpen = false;
      renderFolders();
      foldersToggle.focus();
    }
  });
  signOutButton.addEventListener('click', () => {
    signOutButton.disabled = true;
    void signOut().finally(() => {
      try {
        sessionStorage.removeItem(RETURN_KEY); // signing out on purpose: the next sign-in starts at /app
      } catch {
        // storage disabled
      }
      location.assign('/login');
    });
  });

  async function start(): Promise<void> {
    failure = null;
    renderMain(false);
    const who = await getMe();
    if (!who.ok) {
      if (who.kind === 'signed_out') return; // on the way to /login
      failure = failureMessage(who);
      renderChrome();
      renderMain('page-title');
      return;
    }
    me = who.value;
    healthBanner.start();
    const tree0 = await getFolders();
    if (tree0.ok) {
      tree = tree0.value;
      folders = flattenFolders(tree);
    } else if (tree0.kind === 'signed_out') return;
    // Back where the user was before the session ended (the login page always comes back to /app).
    try {
      const back = sessionStorage.getItem(RETURN_KEY);
      sessionStorage.removeItem(RETURN_KEY);
      if (back && /^\/app(\/|\?|$)/.test(back) && location.pathname === '/app' && !location.search) {
        history.replaceState(null, '', back);
        route = parseRoute(location.pathname, location.search);
      }
    } catch {
      // storage disabled
    }
    renderChrome();
    renderMain(false);
  }

  renderChrome();
  void start();
}
