import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

const inputSchema = {
  path: z.string().describe('Vault-relative path of the note, e.g. "projects/alpha.md"'),
  content: z.string().describe('The whole new content of the note (markdown)'),
  expectedHash: z
    .string()
    .optional()
    .describe('Required to replace an existing note: the hash read_note returned. Leave out to create a new note'),
  vault: z.string().optional().describe('Which vault (default: the first)'),
};

export function registerWriteNoteTool(server: McpServer, { vaults }: ToolDeps): void {
  server.registerTool(
    'write_note',
    {
      title: 'Write a note',
      description:
        'Creates a note, or replaces one when expectedHash matches its current hash (so a newer human edit is never overwritten). The write is atomic and the note is searchable when this returns.',
      inputSchema,
      outputSchema: { vault: z.string(), path: z.string(), hash: z.string(), created: z.boolean() },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ path, content, expectedHash, vault: vaultName }) => {
      const vault = vaults.get(vaultName);
      const written = await vault.notes.write(path, content, { expectedHash });
      await vault.indexer.updateFile(written.path);
      const verb = written.created ? 'Created' : 'Replaced';
      return toolResult({ vault: vault.name, ...written }, `${verb} ${written.path} (hash ${written.hash}).`);
    },
  );
}
