import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerAppendToNoteTool } from './append-to-note';
import { registerIndexStatusTool } from './index-status';
import { registerListNotesTool } from './list-notes';
import { registerReadNoteTool } from './read-note';
import { registerSearchNotesTool } from './search-notes';
import type { ToolDeps } from './tool-deps';
import { registerWriteNoteTool } from './write-note';

export interface ToolOptions {
  /** Drops every tool that changes anything. */
  readOnly?: boolean;
}

export function registerTools(server: McpServer, deps: ToolDeps, options: ToolOptions = {}): void {
  registerSearchNotesTool(server, deps);
  registerReadNoteTool(server, deps);
  registerListNotesTool(server, deps);
  registerIndexStatusTool(server, deps);
  if (!options.readOnly) {
    registerWriteNoteTool(server, deps);
    registerAppendToNoteTool(server, deps);
  }
}
