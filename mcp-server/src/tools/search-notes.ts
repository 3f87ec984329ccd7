import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../search/hybrid-search';
import type { ToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

const inputSchema = {
  query: z.string().min(1).max(2000).describe('What to look for, in plain words; meaning and exact terms both count'),
  limit: z.number().int().min(1).max(MAX_LIMIT).optional().describe(`How many results (default ${DEFAULT_LIMIT})`),
  folder: z.string().optional().describe('Only notes under this vault-relative folder, e.g. "projects"'),
  tags: z.array(z.string()).optional().describe('Only notes carrying all of these tags (without #)'),
  fields: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .describe('Only notes whose frontmatter has these values, e.g. {"status": "active"}'),
  vault: z.string().optional().describe('Search only this vault (default: all vaults)'),
};

const resultSchema = z.object({
  vault: z.string(),
  path: z.string().describe('Vault-relative path of the note'),
  heading: z.string().describe('Heading path of the section, e.g. "Plan > Risks"'),
  title: z.string(),
  snippet: z.string().describe('The best-matching lines of the section'),
  score: z.number(),
  startLine: z.number().int().describe('First line of the section (1-based)'),
  endLine: z.number().int().describe('Last line of the section'),
  snippetLine: z.number().int().describe('Line where the snippet starts'),
  tags: z.array(z.string()),
});

export function registerSearchNotesTool(server: McpServer, { vaults }: ToolDeps): void {
  server.registerTool(
    'search_notes',
    {
      title: 'Search notes',
      description:
        'Hybrid semantic + full-text search over the vault; returns the best sections with path, heading, line range and snippet. Read a hit with read_note and its startLine/endLine.',
      inputSchema,
      outputSchema: { results: z.array(resultSchema) },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async (input) => {
      const results = await vaults.search(input);
      const text =
        results.length === 0
          ? `No notes match "${input.query}".`
          : results
              .map((hit, rank) => `${rank + 1}. ${hit.path}:${hit.startLine}-${hit.endLine}${hit.heading ? ` (${hit.heading})` : ''}\n${hit.snippet}`)
              .join('\n\n');
      return toolResult({ results }, text);
    },
  );
}
