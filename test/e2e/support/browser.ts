import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = join(import.meta.dirname, '../../..');

/** Debian's Chromium (installed by scripts/ensure-chromium.sh); Playwright never downloads a browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless, and nothing that reaches out: without the background-networking flags Chromium tries
 * Google's hosts at every start, which this machine's closed network refuses.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Where screenshots of key states are written (kept as test artefacts). */
export const SCREENSHOT_DIR = join(root, 'test-results/screenshots');

/**
 * Starts headless Chromium. Playwright gives every launch a fresh, empty user-data-dir of its own
 * (a temp dir removed on close), and every context its own cookies and storage.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/** A context like a person's browser window at a laptop size, allowed to use the clipboard on the server's origin. */
export async function newContext(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'en-GB', timezoneId: 'UTC' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  return context;
}

/** What a page did that a test must not allow: requests off 127.0.0.1, CSP violations, uncaught errors. */
export interface PageWatch {
  readonly offsite: string[];
  readonly cspViolations: string[];
  readonly pageErrors: string[];
  readonly consoleErrors: string[];
}

/**
 * Watches a page: every request must be to `origin` (http://127.0.0.1:<port>), one of the `others`
 * the test runs on loopback too (an identity provider), or a data:/blob: URL;
 * any console message about the Content Security Policy, any `securitypolicyviolation` event and
 * any uncaught error is recorded.
 */
export async function watchPage(page: Page, origin: string, others: readonly string[] = []): Promise<PageWatch> {
  const watch: PageWatch = { offsite: [], cspViolations: [], pageErrors: [], consoleErrors: [] };
  // Source text: the project's Node type-check has no DOM types.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      console.error('Content Security Policy violation: ' + event.violatedDirective + ' blocked ' + event.blockedURI + ' at ' + event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber);
    });`,
  });
  page.on('request', (request) => {
    const url = request.url();
    const allowed = [origin, ...others].some((allowedOrigin) => url === allowedOrigin || url.startsWith(`${allowedOrigin}/`));
    if (!(allowed || url.startsWith('data:') || url.startsWith('blob:'))) watch.offsite.push(url);
  });
  page.on('console', (message) => {
    const text = message.text();
    if (/content[- ]security[- ]policy/i.test(text)) watch.cspViolations.push(text);
    else if (message.type() === 'error') watch.consoleErrors.push(text);
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.stack ?? error.message));
  return watch;
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
