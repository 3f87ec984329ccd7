import { defineConfig } from 'vitest/config';

// One project per part; integration and end-to-end tests live in test/.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'mcp-server', include: ['mcp-server/src/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'orchestrator', include: ['orchestrator/src/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'bench', include: ['bench/**/*.test.ts'], testTimeout: 30_000 } },
      {
        // Obsidian cannot run here: `obsidian` resolves to a stand-in with only what the tests use.
        resolve: { alias: { obsidian: new URL('./obsidian-plugin/test-support/obsidian-stand-in.ts', import.meta.url).pathname } },
        test: { name: 'obsidian-plugin', include: ['obsidian-plugin/src/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/support/build-once.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
