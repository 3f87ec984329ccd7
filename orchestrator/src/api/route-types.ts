import type { IncomingMessage, ServerResponse } from 'node:http';

// Same shape as the MCP server's HttpRoute, declared here so the orchestrator never imports
// mcp-server: the lead mounts these routes on the shared port as they are.

export interface OrchestratorRouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Decoded `:name` segments of the path. */
  params: Record<string, string>;
  url: URL;
  /** Parsed JSON body; undefined when empty. */
  body?: unknown;
}

export interface OrchestratorRoute {
  method: string;
  /** `/pods/:id/logs` style. */
  path: string;
  /** Writes its own response (JSON or SSE) and returns nothing. */
  handler: (ctx: OrchestratorRouteContext) => Promise<void>;
}
