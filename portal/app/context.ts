import type { FolderNode, Me, SendResult } from './api.js';
import type { FolderEntry } from './folders.js';
import type { Dictionary } from './i18n/dictionary.js';
import type { Route } from './routes.js';
import type { Message } from './ui.js';
import type { PdfJsAssets } from '../shared/pdf-viewer.js';

/** What every view gets from the shell. */
export interface AppContext {
  t(): Dictionary;
  me: Me;
  tree: FolderNode[];
  folders: FolderEntry[];
  folder(id: string | null | undefined): FolderEntry | undefined;
  /** Goes to another view (pushes history unless `replace`), then moves focus to its heading or `focus`. */
  navigate(route: Route, options?: { replace?: boolean; focus?: string; flash?: Message }): void;
  /** Changes the address without changing the view (filters). */
  replaceRoute(route: Route): void;
  /** A message for the next view to show once (after an upload, for example). */
  takeFlash(): Message | null;
  /**
   * Signing links from send answers, kept in memory for this tab only (never stored): the API shows them once, so
   * the sender can come back to the document and still copy them until the page is reloaded.
   */
  sentLinks: Map<string, SendResult>;
  setTitle(text: string): void;
  /** Loads the folder tree again (after a folder was created, renamed, moved or deleted). */
  refreshFolders(): Promise<void>;
  /** The folder of the document on screen, so the folder tree and menu show where the user is. */
  setFolder(id: string | null): void;
  /** Where pdf.js is served (from the page's data attributes), for previews; null when the page has none. */
  pdfjs: PdfJsAssets | null;
}

/** A view inside <main>: rendered again on a language switch, destroyed when the user leaves it. */
export interface View {
  element: HTMLElement;
  render(): void;
  destroy(): void;
}
