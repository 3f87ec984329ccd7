// Lint for the Obsidian plugin: Obsidian's own guideline rules (eslint-plugin-obsidianmd's
// recommended set, which includes eslint and typescript-eslint type-checked rules), plus its
// manifest check. The other parts are Node code these browser-plugin rules do not fit; they are
// held by TypeScript strict.
import obsidianmd from 'eslint-plugin-obsidianmd';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig([
  { ignores: ['**/node_modules/**', '**/dist/**', 'mcp-server/**', 'orchestrator/**', 'bench/**', 'test/**', 'scripts/**', 'bin/**', 'vault-template/**', 'obsidian-plugin/browser-test/**'] },
  ...obsidianmd.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // "Spec-Kit" is the tool's name, not a phrase to lower-case.
      'obsidianmd/ui/sentence-case': ['warn', { enforceCamelCaseLower: true, brands: ['Spec-Kit', 'Docker', 'vaultplane'] }],
      // The declarative settings API needs Obsidian 1.13; below it (minAppVersion 1.7.2) Obsidian
      // calls display(), which require-display enforces.
      'obsidianmd/settings-tab/prefer-setting-definitions': 'off',
    },
  },
  {
    // Unit tests run in Node under vitest (a root dev dependency), not inside Obsidian: Node
    // timers and fetch are right there, and expect matchers are typed `any` by design.
    files: ['obsidian-plugin/src/**/*.test.ts'],
    rules: {
      'import/no-extraneous-dependencies': 'off',
      'obsidianmd/prefer-window-timers': 'off',
      'no-restricted-globals': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['manifest.json'],
    extends: [tseslint.configs.disableTypeChecked],
    // typescript-estree reads a .json file as one object expression, the shape the rule expects.
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: false, project: null } },
    rules: { 'obsidianmd/validate-manifest': 'error' },
  },
]);
