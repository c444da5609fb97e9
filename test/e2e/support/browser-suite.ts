import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startServerHarness, type ServerHarness, type ServerHarnessOptions } from '../../support/server-harness.js';
import { SCREENSHOT_DIR, launchChromium, newContext, screenshot, watchPage, type PageWatch } from './browser.js';
import { designerDist, ensureDesignerBuilt } from './designer-build.js';

/** One browser test file's real server and headless Chromium. */
export interface BrowserSuite {
  /** The server (started before the file's first test). */
  readonly server: ServerHarness;
  /**
   * A new browser window (its own cookies and storage) with a watched page; `otherOrigins` are
   * loopback servers of the test the page may reach besides ours (an identity provider).
   */
  openPage(otherOrigins?: readonly string[]): Promise<Page>;
}

/**
 * Starts, for the calling test file, the real server on a temporary SQLite file serving the built
 * designer, and headless Chromium; stops both after the file. Every page is watched: after each
 * test, no request may have left 127.0.0.1, the Content-Security-Policy must have reported nothing
 * and no script error may have gone uncaught; the last state of every page is kept as a screenshot
 * named `last-<name>-…`. The file's own earlier screenshots (`<name>-…`) are removed first, so files
 * running side by side keep each other's. `options` change how the server starts (e.g. without the
 * demo); called inside a `describe`, the server and browser belong to that block.
 */
export function browserSuite(name: string, options: Omit<ServerHarnessOptions, 'designerDir'> = {}): BrowserSuite {
  let server: ServerHarness | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const watches: PageWatch[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const file of readdirSync(SCREENSHOT_DIR, { withFileTypes: true }).filter((entry) => entry.isFile())) {
      if (file.name.startsWith(`${name}-`) || file.name.startsWith(`last-${name}-`)) rmSync(join(SCREENSHOT_DIR, file.name), { force: true });
    }
    ensureDesignerBuilt();
    server = await startServerHarness({ ...options, designerDir: designerDist });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async ({ task }) => {
    // The last state of every page, kept as an artefact (the first thing to look at when a step failed).
    const slug = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40).toLowerCase();
    const pages = contexts.flatMap((context) => context.pages());
    for (const [index, page] of pages.entries()) await screenshot(page, `last-${name}-${slug}-${index + 1}`).catch(() => undefined);
    // Checked after every test, whatever it did: the page stayed on our origin and within the CSP.
    const offsite = watches.flatMap((watch) => watch.offsite);
    const csp = watches.flatMap((watch) => watch.cspViolations);
    const errors = watches.flatMap((watch) => watch.pageErrors);
    watches.length = 0;
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(offsite, 'requests that left 127.0.0.1').toEqual([]);
    expect(csp, 'Content-Security-Policy violations').toEqual([]);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  return {
    get server(): ServerHarness {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    async openPage(otherOrigins: readonly string[] = []): Promise<Page> {
      if (!browser || !server) throw new Error('the browser starts in beforeAll');
      const context = await newContext(browser, server.url);
      contexts.push(context);
      const page = await context.newPage();
      watches.push(await watchPage(page, server.url, otherOrigins));
      return page;
    },
  };
}
