import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it } from 'vitest';
import type { VaultSet } from '../vaults/vault-set';
import { registerListNotesTool } from './list-notes';

/** Only what list_notes reads: the indexed notes of one vault. */
function vaultsWith(paths: string[]): VaultSet {
  const statuses = paths.map((path) => ({ path, state: 'indexed', mtimeMs: 0, size: 1, tags: [] }));
  const vault = { name: 'vault', indexer: { allStatuses: () => statuses } };
  return { vaults: [vault], get: () => vault } as unknown as VaultSet;
}

async function listNotes(args: Record<string, unknown>) {
  const server = new McpServer({ name: 'test', version: '1' });
  registerListNotesTool(server, { vaults: vaultsWith(['notes/a.md', 'notes/sub/b.md', 'other/c.md']) });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(clientSide);
  try {
    return (await client.callTool({ name: 'list_notes', arguments: args })) as { isError?: boolean; content: Array<{ text: string }>; structuredContent?: { notes: Array<{ path: string }> } };
  } finally {
    await client.close();
  }
}

describe('list_notes folder', () => {
  it('lists the notes under a folder, however its slashes are written', async () => {
    for (const folder of ['notes', 'notes/', './notes', 'notes\\']) {
      const result = await listNotes({ folder });
      expect(result.structuredContent?.notes.map((note) => note.path).sort()).toEqual(['notes/a.md', 'notes/sub/b.md']);
    }
  });

  it('refuses a folder outside the vault with the path error (a found bug: it answered "No notes match.")', async () => {
    const outside = await listNotes({ folder: '../outside' });
    expect(outside.isError).toBe(true);
    expect(outside.content[0]!.text).toMatch(/'\.\.' to leave its folder/);
    const absolute = await listNotes({ folder: '/etc' });
    expect(absolute.content[0]!.text).toMatch(/absolute path/);
  });
});
