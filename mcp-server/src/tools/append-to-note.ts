import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

const inputSchema = {
  path: z.string().describe('Vault-relative path of the note; created when missing'),
  text: z.string().min(1).describe('Markdown to add'),
  heading: z.string().optional().describe('Add at the end of the section under this heading instead of the end of the note'),
  vault: z.string().optional().describe('Which vault (default: the first)'),
};

export function registerAppendToNoteTool(server: McpServer, { vaults }: ToolDeps): void {
  server.registerTool(
    'append_to_note',
    {
      title: 'Append to a note',
      description: 'Adds text at the end of a note, or at the end of one of its sections; nothing else in the note changes.',
      inputSchema,
      outputSchema: { vault: z.string(), path: z.string(), hash: z.string() },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    async ({ path, text, heading, vault: vaultName }) => {
      const vault = vaults.get(vaultName);
      const appended = await vault.notes.append(path, text, { heading });
      await vault.indexer.updateFile(appended.path);
      const where = heading ? ` under "${heading}"` : '';
      return toolResult({ vault: vault.name, path: appended.path, hash: appended.hash }, `Appended to ${appended.path}${where} (hash ${appended.hash}).`);
    },
  );
}
