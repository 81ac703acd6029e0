import type { ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The widths every page is checked at: a phone (390 CSS px, touch) and a desktop. */
export const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 },
};
export type Width = keyof typeof VIEWPORTS;

/**
 * axe-core in the page (evaluated through the DevTools protocol, which the page's CSP rightly does not let a script
 * tag do); serious and critical violations fail.
 */
export async function assertAccessible(t: ExecutionContext, page: Page, where: string): Promise<void> {
  await page.evaluate(`${AXE}\n;true`);
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  t.deepEqual(serious, [], `${where}: serious accessibility violations`);
}

/** A full-page screenshot in `dir` (logged, for a person to look at); the page must not scroll sideways. */
export async function screenshot(t: ExecutionContext, page: Page, dir: string, name: string): Promise<void> {
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  t.log(`${name}: ${path}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  t.true(width <= page.viewportSize()!.width, `${name}: no sideways scrolling (${width}px)`);
}

/** The id of the element that has focus (null for none or one without an id). */
export function focusedId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.id || null);
}

/** Whether a drawn canvas (a PDF page) has ink on it: not all white or transparent. */
export function canvasHasInk(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && data[i]! < 128) dark += 1;
    return dark > 50;
  });
}

/**
 * The page's own bundle, from its HTML: exactly `<bundle>-HASH.css` and `<bundle>-HASH.js` under /portal-assets/,
 * each served 200 and cached for a year as immutable. Answers each asset's path and text for the caller's checks.
 */
export async function fetchPageBundle(
  t: ExecutionContext,
  origin: string,
  html: string,
  bundle: string,
): Promise<{ asset: string; text: string }[]> {
  const assets = [...html.matchAll(/(?:src|href)="(\/portal-assets\/[^"]+)"/g)].map((m) => m[1]!);
  t.deepEqual(assets.map((a) => a.replace(/-[A-Z0-9]{8}\./, '-HASH.')).sort(), [
    `/portal-assets/${bundle}-HASH.css`,
    `/portal-assets/${bundle}-HASH.js`,
  ]);
  const files: { asset: string; text: string }[] = [];
  for (const asset of assets) {
    const file = await fetch(`${origin}${asset}`);
    t.is(file.status, 200, asset);
    t.is(file.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    files.push({ asset, text: await file.text() });
  }
  return files;
}

/** The directives every portal page's CSP has: nothing by default; code, styles and calls from this origin only. */
export const PORTAL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
];

/** Every one of `directives` is a directive of the `Content-Security-Policy` header value `csp`, word for word. */
export function assertCspDirectives(t: ExecutionContext, csp: string, directives: string[]): void {
  const present = csp.split(/;\s*/);
  for (const directive of directives) t.true(present.includes(directive), `CSP has ${directive}`);
}
