/**
 * Opens the harness page in Chromium on the vaultplane server's own origin: Playwright answers
 * the harness paths from the bundle dir, and every other request (API, SSE) goes to the real
 * server untouched. The server allows pages on its own origin by design, so nothing in its
 * Host/Origin/CORS rules is loosened or bypassed for the tests.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { HARNESS_PATH, type HarnessBlockKind, type HarnessGlobal, type HarnessSettings, type HarnessTheme } from './harness-api';

export interface HarnessPage {
  page: Page;
  /** Uncaught exceptions and console errors seen so far: a rendered error must not be a stack. */
  problems: string[];
  /** Points the plugin's client at a server and token (openHarness does it once). */
  configure(settings: HarnessSettings): Promise<void>;
  mountBlock(kind: HarnessBlockKind, source: string): Promise<string>;
  openPodsView(): Promise<string>;
  mountStatusBar(): Promise<string>;
  openSettings(): Promise<string>;
  unmountAll(): Promise<void>;
  setTheme(theme: HarnessTheme): Promise<void>;
}

export async function openHarness(context: BrowserContext, bundleDir: string, settings: HarnessSettings): Promise<HarnessPage> {
  const base = `${settings.serverUrl}${HARNESS_PATH}`;
  await context.route(`${base}**`, (route) => {
    const file = new URL(route.request().url()).pathname.slice(HARNESS_PATH.length);
    if (!/^[\w.-]+$/.test(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ path: join(bundleDir, file) });
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    // Chromium logs every refused or failed request itself; what the user sees is the block's message.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`);
  });
  await page.goto(`${base}index.html`);
  // page.evaluate serialises each callback into the page, so each names the global itself.
  const configure = (next: HarnessSettings) => page.evaluate((s) => (globalThis as HarnessGlobal).vaultplaneHarness.configure(s), next);
  await configure(settings);

  return {
    page,
    problems,
    configure,
    mountBlock: (kind, source) => page.evaluate(([k, s]) => (globalThis as HarnessGlobal).vaultplaneHarness.mountBlock(k, s), [kind, source] as const),
    openPodsView: () => page.evaluate(() => (globalThis as HarnessGlobal).vaultplaneHarness.openPodsView()),
    mountStatusBar: () => page.evaluate(() => (globalThis as HarnessGlobal).vaultplaneHarness.mountStatusBar()),
    openSettings: () => page.evaluate(() => (globalThis as HarnessGlobal).vaultplaneHarness.openSettings()),
    unmountAll: () => page.evaluate(() => (globalThis as HarnessGlobal).vaultplaneHarness.unmountAll()),
    setTheme: (theme) => page.evaluate((t) => (globalThis as HarnessGlobal).vaultplaneHarness.setTheme(t), theme),
  };
}
