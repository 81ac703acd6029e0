import type { Logger } from '../../../lib/logger.js';
import { SeglError, type ErrorCode } from '../../../lib/errors.js';
import { loadPortalAssets } from './load-portal-assets.js';

/**
 * The hashed script and stylesheet of one page (`verify`, `sign`, `app`: portal/<page>.ts and .css). When the
 * bundles cannot be loaded the page answers 503 with the page's own error code, and the cause is logged.
 */
export async function pageAssets(options: {
  page: string;
  logger: Logger;
  unavailable: { code: ErrorCode; message: string };
}): Promise<{ script: string; style: string }> {
  let entries: Record<string, string>;
  try {
    ({ entries } = await loadPortalAssets({ moduleUrl: import.meta.url }));
  } catch (error) {
    options.logger.error({ err: error, page: options.page }, 'page assets could not be loaded');
    throw new SeglError(options.unavailable);
  }
  const script = entries[`${options.page}.js`];
  const style = entries[`${options.page}.css`];
  if (!script || !style) {
    options.logger.error(
      { page: options.page },
      `the portal build has no ${options.page}.js or ${options.page}.css entry`,
    );
    throw new SeglError(options.unavailable);
  }
  return { script, style };
}
