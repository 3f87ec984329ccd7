/**
 * MCP over Streamable HTTP, stateful: `initialize` without a session id starts a session
 * (its own transport and McpServer); later requests carry `Mcp-Session-Id`. Errors here are
 * JSON-RPC shaped, as MCP clients expect from this endpoint.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { HttpError } from './http-error';
import { sendJson } from './json-response';
import { decodeUtf8Body, discardUnreadBody, readBody } from './request-body';

/** One McpServer per session; `createServer()`'s `{ server, cleanup }` shape is accepted too. */
export type McpServerFactory = () =>
  | McpServer
  | McpServerWithCleanup
  | Promise<McpServer | McpServerWithCleanup>;

export interface McpServerWithCleanup {
  server: McpServer;
  cleanup?: () => void | Promise<void>;
}

export interface McpSessionHandler {
  /** Serves one request to the MCP endpoint (POST, GET for the SSE stream, DELETE). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Open sessions right now. */
  readonly sessionCount: number;
  /** Ends every session and refuses new ones. */
  closeAll(): Promise<void>;
}

export interface McpSessionHandlerOptions {
  createMcpServer: McpServerFactory;
  maxBodyBytes: number;
  log: (message: string) => void;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  cleanup?: () => void | Promise<void>;
  closing?: Promise<void>;
}

// JSON-RPC codes the SDK uses for transport-level faults.
const SERVER_ERROR = -32000;
const SESSION_NOT_FOUND = -32001;
const PARSE_ERROR = -32700;

export function createMcpSessionHandler(options: McpSessionHandlerOptions): McpSessionHandler {
  const sessions = new Map<string, Session>();
  let closed = false;

  const closeSession = (session: Session): Promise<void> => {
    // Deferred by a tick so `closing` is set before server.close() fires transport.onclose,
    // which calls back in here.
    session.closing ??= Promise.resolve().then(async () => {
      const id = session.transport.sessionId;
      if (id !== undefined) sessions.delete(id);
      try {
        await session.server.close();
        await session.cleanup?.();
      } catch (error) {
        options.log(`MCP session ${id ?? '(uninitialised)'} did not close cleanly: ${(error as Error).message}`);
      }
    });
    return session.closing;
  };

  const startSession = async (req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> => {
    const created = await options.createMcpServer();
    const { server, cleanup } = 'connect' in created ? { server: created, cleanup: undefined } : created;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, session);
      },
    });
    const session: Session = { transport, server, cleanup };
    // Fires on DELETE, on server close and on transport failure; the SDK chains its own handler after ours.
    session.transport.onclose = () => {
      void closeSession(session);
    };
    await session.server.connect(session.transport);
    await session.transport.handleRequest(req, res, body);
    // A refused initialize (bad headers, bad params) leaves no session behind, nor does one
    // that raced with shutdown.
    if (session.transport.sessionId === undefined || closed) await closeSession(session);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') {
      sendJsonRpcError(res, 405, SERVER_ERROR, `Method ${method} is not supported on the MCP endpoint; use POST, GET or DELETE`, {
        Allow: 'GET, POST, DELETE',
      });
      return;
    }
    if (closed) {
      sendJsonRpcError(res, 503, SERVER_ERROR, 'The server is shutting down; reconnect when it is back');
      return;
    }
    const sessionId = headerValue(req, 'mcp-session-id');

    let body: unknown;
    if (method === 'POST') {
      let raw: Buffer;
      try {
        raw = await readBody(req, options.maxBodyBytes);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        sendJsonRpcError(res, error.status, SERVER_ERROR, error.message, error.headers);
        discardUnreadBody(req);
        return;
      }
      let text: string;
      try {
        text = decodeUtf8Body(raw);
      } catch (error) {
        sendJsonRpcError(res, 400, PARSE_ERROR, `Parse error: ${(error as Error).message}`);
        return;
      }
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        sendJsonRpcError(res, 400, PARSE_ERROR, 'Parse error: the body is not valid JSON; send a JSON-RPC message');
        return;
      }
    }

    if (sessionId === undefined) {
      if (method === 'POST' && isInitialize(body)) {
        await startSession(req, res, body);
        return;
      }
      sendJsonRpcError(
        res,
        400,
        SERVER_ERROR,
        'Bad Request: Mcp-Session-Id header is required; send an initialize request first to start a session',
      );
      return;
    }

    const session = sessions.get(sessionId);
    if (!session) {
      sendJsonRpcError(
        res,
        404,
        SESSION_NOT_FOUND,
        'Session not found: it ended or the server restarted; send initialize without Mcp-Session-Id to start a new one',
      );
      return;
    }
    await session.transport.handleRequest(req, res, body);
  };

  return {
    handle: async (req, res) => {
      try {
        await handle(req, res);
      } catch (error) {
        options.log(`MCP request failed: ${(error as Error).stack ?? String(error)}`);
        sendJsonRpcError(res, 500, SERVER_ERROR, `Internal error: ${(error as Error).message}; the server log has details`);
      }
    },
    get sessionCount() {
      return sessions.size;
    },
    closeAll: async () => {
      closed = true;
      await Promise.all([...sessions.values()].map((session) => closeSession(session)));
    },
  };
}

/** A single initialize message, or a batch holding one (the SDK refuses larger init batches itself). */
function isInitialize(body: unknown): boolean {
  if (Array.isArray(body)) return body.some((message) => isInitializeRequest(message));
  return isInitializeRequest(body);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJsonRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}
