import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { needsAttention } from '../index/file-status';
import type { ToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

const inputSchema = {
  path: z.string().optional().describe('One note to report on'),
  state: z.enum(['indexed', 'skipped', 'error']).optional().describe('List files in this state'),
  vault: z.string().optional().describe('Which vault (default: all)'),
};

const fileSchema = z.object({
  vault: z.string(),
  path: z.string(),
  state: z.enum(['indexed', 'skipped', 'error']),
  reason: z.string().optional(),
  chunks: z.number().int(),
  indexedAt: z.string().optional(),
});

const summarySchema = z.object({
  vault: z.string(),
  embedder: z.string(),
  files: z.number().int(),
  indexed: z.number().int(),
  skipped: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  chunks: z.number().int(),
  lastSyncAt: z.string().optional(),
  busy: z.boolean(),
});

const MAX_FILES_LISTED = 500;

export function registerIndexStatusTool(server: McpServer, { vaults }: ToolDeps): void {
  server.registerTool(
    'index_status',
    {
      title: 'Index status',
      description:
        'How the search index stands: per vault totals, and which notes were skipped or failed and why (or the state of one note).',
      inputSchema,
      outputSchema: { vaults: z.array(summarySchema), files: z.array(fileSchema) },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ path, state, vault: vaultName }) => {
      const targets = vaultName ? [vaults.get(vaultName)] : vaults.vaults;
      const summaries = targets.map((vault) => vault.indexer.summary(vault.name));
      const files = targets
        .flatMap((vault) =>
          vault.indexer.allStatuses().map((status) => ({
            vault: vault.name,
            path: status.path,
            state: status.state,
            chunks: status.chunks,
            ...(status.reason ? { reason: status.reason } : {}),
            ...(status.indexedAt ? { indexedAt: status.indexedAt } : {}),
          })),
        )
        .filter((file) => (path ? file.path === path || file.path === `${path}.md` : true))
        .filter((file) => (state ? file.state === state : path ? true : needsAttention(file)))
        .slice(0, MAX_FILES_LISTED);
      const lines = summaries.map(
        (s) =>
          `${s.vault}: ${s.indexed} indexed, ${s.skipped} skipped, ${s.errors} errors, ${s.warnings} warnings, ${s.chunks} chunks (embedder ${s.embedder}${s.busy ? ', indexing now' : ''})`,
      );
      for (const file of files) lines.push(`- ${file.vault}/${file.path}: ${file.state}${file.reason ? ` (${file.reason})` : ''}`);
      if (path && files.length === 0) lines.push(`No note '${path}' is known to the index.`);
      return toolResult({ vaults: summaries, files }, lines.join('\n'));
    },
  );
}
