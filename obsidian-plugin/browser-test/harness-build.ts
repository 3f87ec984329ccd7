/**
 * Builds the harness page into a temp dir at test time: esbuild bundles the page entry (which
 * imports the plugin's real renderers and views) with `obsidian` resolved to the DOM-level
 * stand-in, next to the plugin's real styles.css and the theme sheet.
 */
import { build, type Plugin } from 'esbuild';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PAGE_DIR = resolve(import.meta.dirname, 'page');
const REPO_ROOT = resolve(import.meta.dirname, '../..');
/** The stylesheet Obsidian loads beside main.js. */
const PLUGIN_STYLES = join(REPO_ROOT, 'styles.css');

export interface HarnessBundle {
  dir: string;
  remove(): Promise<void>;
}

// In Obsidian the app provides `obsidian`; here the stand-in does, for every importer.
const obsidianStandIn: Plugin = {
  name: 'obsidian-stand-in',
  setup(builder) {
    builder.onResolve({ filter: /^obsidian$/ }, () => ({ path: join(PAGE_DIR, 'obsidian-stand-in.ts') }));
  },
};

export async function buildHarness(): Promise<HarnessBundle> {
  const dir = await mkdtemp(join(tmpdir(), 'vaultplane-harness-'));
  try {
    await build({
      entryPoints: [join(PAGE_DIR, 'harness-entry.ts')],
      outfile: join(dir, 'harness.js'),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      sourcemap: 'inline',
      plugins: [obsidianStandIn],
      logLevel: 'silent',
    });
    await copyFile(join(PAGE_DIR, 'index.html'), join(dir, 'index.html'));
    await copyFile(join(PAGE_DIR, 'theme.css'), join(dir, 'theme.css'));
    await copyFile(PLUGIN_STYLES, join(dir, 'styles.css'));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
