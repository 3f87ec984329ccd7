/**
 * Headless Chromium for the plugin's view tests: Debian's `chromium` at a fixed path, driven by
 * playwright-core (no browser download). Tests that need it fail under CI (where .ci/run
 * installs it) and skip loudly elsewhere, like the Docker-backed tests.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { describeRequiring, type Availability } from '../../test/support/requirement';

const CHROMIUM_PATH = '/usr/bin/chromium';

// Quiet, reproducible headless runs: no GPU (none here), no background traffic to Google.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const FIX_HINT = "Fix: run 'bash .ci/run' as root (installs Debian's chromium), or 'apt-get install chromium'.";

async function chromiumAvailability(): Promise<Availability> {
  try {
    await access(CHROMIUM_PATH, constants.X_OK);
    return { available: true };
  } catch (error) {
    return { available: false, reason: `no executable Chromium at ${CHROMIUM_PATH} (${(error as Error).message}).` };
  }
}

/** Evaluated once per test file that imports it. */
const chromiumStatus: Availability = await chromiumAvailability();

/** describe() for tests that need Chromium: a failing test under CI, a loud skip elsewhere. */
export function describeWithChromium(name: string, fn: () => void): void {
  describeRequiring({ tests: 'Chromium-backed tests', needs: `Chromium at ${CHROMIUM_PATH}`, availability: chromiumStatus, fixHint: FIX_HINT }, name, fn);
}

export interface RunningChromium {
  context: BrowserContext;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile of its own. */
export async function launchChromium(): Promise<RunningChromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'vaultplane-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
