/**
 * Builds one MCP server over the served vaults. The transports call this once per session
 * (Streamable HTTP) or once per process (stdio); the vaults and their indexes are shared.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerNoteResources } from '../resources/note-resources';
import { registerTools } from '../tools/index';
import type { Orchestrator } from '@vaultplane/orchestrator';
import type { VaultSet } from '../vaults/vault-set';
import { VAULTPLANE_VERSION } from '../version';

export interface ServerOptions {
  vaults: VaultSet;
  /** Adds the workload tools; without it they are not offered. */
  orchestrator?: Orchestrator;
  readOnly?: boolean;
}

export interface CreatedServer {
  server: McpServer;
  cleanup: () => Promise<void>;
}

const INSTRUCTIONS = `vaultplane serves Obsidian vaults as memory. Find notes with search_notes (hybrid semantic + full-text),
read them with read_note (by path or [[wikilink]] name, with line ranges), and change them with write_note
(pass the hash read_note gave you) or append_to_note. index_status tells what is indexed.`;

export function createServer(options: ServerOptions): CreatedServer {
  const server = new McpServer(
    { name: 'vaultplane', title: 'vaultplane', version: VAULTPLANE_VERSION },
    { instructions: INSTRUCTIONS, capabilities: { tools: {}, resources: {} } },
  );
  const deps = { vaults: options.vaults, orchestrator: options.orchestrator };
  registerTools(server, deps, { readOnly: options.readOnly });
  registerNoteResources(server, deps);
  return { server, cleanup: () => server.close() };
}
