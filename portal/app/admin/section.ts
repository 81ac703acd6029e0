import type { AppContext } from '../context.js';
import type { Dictionary } from '../i18n/dictionary.js';

/** What a section of the administration gets: the app, and a way to draw itself again (moving focus to `focus`). */
export interface SectionHost {
  context: AppContext;
  update(focus?: string): void;
}

/** One administration screen: loads its data, then renders from its state on every update or language switch. */
export interface Section {
  load(): Promise<void>;
  render(d: Dictionary): Node;
}

export type AdminSection = 'users' | 'groups' | 'folders' | 'tokens' | 'webhooks' | 'settings';
export const ADMIN_SECTIONS: AdminSection[] = ['users', 'groups', 'folders', 'tokens', 'webhooks', 'settings'];
/**
 * Sections every staff member may open (their own tokens; webhooks and folders they manage); the rest are for
 * administrators.
 */
export const MEMBER_SECTIONS: AdminSection[] = ['folders', 'tokens', 'webhooks'];
