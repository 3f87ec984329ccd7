import type { IncomingMessage, ServerResponse } from 'node:http';

// Declared here so the orchestrator never imports mcp-server; the MCP server's route table takes
// this context as its own and mounts these routes on the shared port as they are.

export interface OrchestratorRouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Decoded `:name` segments of the path. */
  params: Record<string, string>;
  url: URL;
  /** Parsed JSON body for POST, PUT, PATCH and DELETE; undefined when empty. */
  body?: unknown;
  /** The body's bytes as received, for checking a peer's signature over them. */
  rawBody?: Buffer | undefined;
}

export interface OrchestratorRoute {
  method: string;
  /** `/pods/:id/logs` style. */
  path: string;
  /**
   * 'peer': the route checks a peer's signature itself, so the host skips its bearer token check.
   * Default: the host's bearer token guards it.
   */
  auth?: 'peer';
  /** Writes its own response (JSON or SSE) and returns nothing. */
  handler: (ctx: OrchestratorRouteContext) => Promise<void>;
}
