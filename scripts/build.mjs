// Bundles the CLI with esbuild, then the Obsidian plugin. Third-party packages stay external
// (LanceDB ships a native addon); our own workspace packages are bundled in, since they are
// TypeScript sources. `--cli` builds only the CLI: the backend image has no plugin sources.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const readDeps = (pkg) => Object.keys(JSON.parse(readFileSync(pkg, 'utf8')).dependencies ?? {});
const external = [...new Set([...readDeps('mcp-server/package.json'), ...readDeps('orchestrator/package.json')])]
  .filter((name) => !name.startsWith('@vaultplane/'))
  .flatMap((name) => [name, `${name}/*`]);

const started = Date.now();
await build({
  entryPoints: ['mcp-server/src/cli.ts'],
  outfile: 'mcp-server/dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external,
  logLevel: 'warning',
});
process.stderr.write(`built mcp-server/dist/cli.js in ${Date.now() - started} ms\n`);

if (!process.argv.includes('--cli')) {
  const { buildPlugin } = await import('./build-plugin.mjs');
  await buildPlugin();
}
