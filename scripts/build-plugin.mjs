// Bundles the Obsidian plugin into a folder that can be copied to .obsidian/plugins/vaultplane/
// (main.js, manifest.json, styles.css). Obsidian provides obsidian, electron and CodeMirror at
// runtime, so they stay external; everything else is bundled into one CommonJS file.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';

const OUT_DIR = 'obsidian-plugin/dist';
/**
 * Every enabled plugin's main.js is read and evaluated when Obsidian starts, so its size is
 * startup time for the person using it. The bundle was 53 KB minified (39 KB ours, 14 KB
 * zod/mini); 80 KB leaves room to grow, while a heavy dependency creeping in fails the build.
 */
const BUDGET_BYTES = 80 * 1024;

export async function buildPlugin() {
  const started = Date.now();
  mkdirSync(OUT_DIR, { recursive: true });
  await build({
    entryPoints: ['obsidian-plugin/src/main.ts'],
    outfile: `${OUT_DIR}/main.js`,
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    // Obsidian 1.5's Electron ships Chromium 120.
    target: 'chrome120',
    minify: true,
    treeShaking: true,
    legalComments: 'none',
    external: ['obsidian', 'electron', '@codemirror/*', '@lezer/*', ...builtinModules],
    logLevel: 'warning',
  });
  copyFileSync('manifest.json', `${OUT_DIR}/manifest.json`);
  copyFileSync('styles.css', `${OUT_DIR}/styles.css`);
  const bytes = statSync(`${OUT_DIR}/main.js`).size;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  process.stderr.write(`built ${OUT_DIR}/ (main.js ${kb(bytes)} of a ${kb(BUDGET_BYTES)} budget) in ${Date.now() - started} ms\n`);
  if (bytes > BUDGET_BYTES) {
    throw new Error(`The plugin bundle is ${kb(bytes)}, over its ${kb(BUDGET_BYTES)} budget; find what grew (esbuild --analyze) before raising it`);
  }
}
