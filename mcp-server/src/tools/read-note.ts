import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { resolveWikilink } from '../vault/wikilink-resolution';
import type { ToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

const inputSchema = {
  path: z.string().optional().describe('Vault-relative path, e.g. "projects/alpha.md" (".md" may be left out)'),
  name: z.string().optional().describe('Or a wikilink name, as in [[Alpha]]; resolved like Obsidian does'),
  startLine: z.number().int().min(1).optional().describe('First line to return (1-based)'),
  endLine: z.number().int().min(1).optional().describe('Last line to return (inclusive)'),
  vault: z.string().optional().describe('Which vault (default: the first)'),
};

const outputSchema = {
  vault: z.string(),
  path: z.string(),
  content: z.string(),
  hash: z.string().describe('Hash of the whole note; pass it to write_note as expectedHash'),
  totalLines: z.number().int(),
  startLine: z.number().int(),
  endLine: z.number().int(),
  truncated: z.boolean().describe('True when the note was cut at the size limit; read on with startLine'),
};

/** An agent never receives megabytes: longer reads are cut at a line boundary. */
export const MAX_READ_CHARS = 100_000;

function capAtLineBoundary(content: string): { content: string; lines: number; truncated: boolean } {
  const lineCount = (text: string) => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
  if (content.length <= MAX_READ_CHARS) return { content, lines: lineCount(content), truncated: false };
  const cut = content.lastIndexOf('\n', MAX_READ_CHARS);
  const kept = cut > 0 ? content.slice(0, cut + 1) : content.slice(0, MAX_READ_CHARS);
  return { content: kept, lines: lineCount(kept), truncated: true };
}

export function registerReadNoteTool(server: McpServer, { vaults }: ToolDeps): void {
  server.registerTool(
    'read_note',
    {
      title: 'Read a note',
      description: 'Reads a note by path or wikilink name, optionally a line range; returns its hash for a later write_note.',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ path, name, startLine, endLine, vault: vaultName }) => {
      const vault = vaults.get(vaultName);
      let target = path;
      if (!target) {
        if (!name) throw new Error('Give either path or name (a wikilink name such as "Alpha").');
        const resolved = resolveWikilink(name, vault.indexer.allStatuses().map((status) => status.path));
        if (!resolved) throw new Error(`No note is named '${name}'; use list_notes or search_notes to find it.`);
        target = resolved;
      }
      if (startLine && endLine && endLine < startLine) throw new Error(`endLine (${endLine}) is before startLine (${startLine}).`);
      const note = await vault.notes.read(target, { startLine, endLine });
      const capped = capAtLineBoundary(note.content);
      const first = startLine ?? 1;
      const last = capped.truncated ? first + capped.lines - 1 : Math.min(endLine ?? note.totalLines, note.totalLines);
      const structured = {
        vault: vault.name,
        path: note.path,
        content: capped.content,
        hash: note.hash,
        totalLines: note.totalLines,
        startLine: first,
        endLine: last,
        truncated: capped.truncated,
      };
      const more = capped.truncated ? `; cut at ${MAX_READ_CHARS} characters, read on with startLine ${last + 1}` : '';
      const header = `${note.path} (lines ${first}-${last} of ${note.totalLines}, hash ${note.hash}${more})`;
      return toolResult(structured, `${header}\n\n${capped.content}`);
    },
  );
}
