import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { normalizeTag } from '../search/chunk-filter';
import { normalizeFolderPath } from '../vault/path-validation';
import type { ToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

const DEFAULT_LIST_LIMIT = 200;
const MAX_LIST_LIMIT = 5000;

const inputSchema = {
  folder: z.string().optional().describe('Only notes under this vault-relative folder'),
  tag: z.string().optional().describe('Only notes with this tag (without #)'),
  modifiedSince: z.iso.datetime({ offset: true }).optional().describe('Only notes changed after this ISO time, e.g. 2026-11-01T00:00:00Z'),
  limit: z.number().int().min(1).max(MAX_LIST_LIMIT).optional().describe(`At most this many (default ${DEFAULT_LIST_LIMIT}), newest first`),
  vault: z.string().optional().describe('Which vault (default: all)'),
};

const noteSchema = z.object({
  vault: z.string(),
  path: z.string(),
  title: z.string(),
  tags: z.array(z.string()),
  modified: z.string().describe('ISO time of the last change'),
  size: z.number().int(),
});

export function registerListNotesTool(server: McpServer, { vaults }: ToolDeps): void {
  server.registerTool(
    'list_notes',
    {
      title: 'List notes',
      description: 'Lists notes, newest first, filtered by folder, tag or modification time.',
      inputSchema,
      outputSchema: { notes: z.array(noteSchema), total: z.number().int().describe('Matches before the limit') },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ folder, tag, modifiedSince, limit, vault: vaultName }) => {
      // The same jail as note paths: a folder outside the vault is an error, not an empty list.
      const folderPath = folder === undefined ? '' : normalizeFolderPath(folder);
      const prefix = folderPath ? `${folderPath}/` : '';
      const wantedTag = tag ? normalizeTag(tag) : undefined;
      const since = modifiedSince ? Date.parse(modifiedSince) : undefined;
      const targets = vaultName ? [vaults.get(vaultName)] : vaults.vaults;
      const matches = targets.flatMap((vault) =>
        vault.indexer
          .allStatuses()
          .filter((status) => status.state === 'indexed')
          .filter((status) => !prefix || status.path.startsWith(prefix))
          .filter((status) => !wantedTag || (status.tags ?? []).includes(wantedTag))
          .filter((status) => since === undefined || (status.mtimeMs ?? 0) > since)
          .map((status) => ({
            vault: vault.name,
            path: status.path,
            title: status.title ?? status.path,
            tags: status.tags ?? [],
            modified: new Date(status.mtimeMs ?? 0).toISOString(),
            size: status.size ?? 0,
          })),
      );
      matches.sort((a, b) => b.modified.localeCompare(a.modified) || a.path.localeCompare(b.path));
      const notes = matches.slice(0, limit ?? DEFAULT_LIST_LIMIT);
      const text =
        notes.length === 0
          ? 'No notes match.'
          : `${matches.length} note(s)${matches.length > notes.length ? `, showing ${notes.length}` : ''}:\n` +
            notes.map((note) => `- ${note.path} (${note.modified})`).join('\n');
      return toolResult({ notes, total: matches.length }, text);
    },
  );
}
