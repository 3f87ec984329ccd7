import { INITIALIZED_NOTIFICATION, MCP_PROTOCOL_VERSION, initializeRequest, readRpcResponse, readToolResult, toolCallRequest } from '../core/mcp-messages';
import { ApiError, apiErrorFromStatus } from './api-error';
import type { HttpResponse } from './transport';

// A thin MCP client for the two tools that have no HTTP route (search_notes, list_tasks, and
// schedule_workload's fromNote): one session at /mcp, opened on first use and again when the
// server forgot it (restart).

export interface McpSessionOptions {
  post: (headers: Record<string, string>, body: object) => Promise<HttpResponse>;
  clientVersion: string;
}

const SESSION_HEADER = 'mcp-session-id';

export class McpSession {
  private sessionId: Promise<string> | undefined;
  private nextId = 1;

  constructor(private readonly options: McpSessionOptions) {}

  async callTool(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    for (let tries = 0; ; tries += 1) {
      const session = await this.session();
      const id = this.nextId++;
      const response = await this.options.post({ [SESSION_HEADER]: session, 'mcp-protocol-version': MCP_PROTOCOL_VERSION }, toolCallRequest(id, name, args));
      // 404: the server restarted and no longer knows the session; open a new one once.
      if (response.status === 404 && tries === 0) {
        this.sessionId = undefined;
        continue;
      }
      const outcome = this.outcome(response, id, name);
      const tool = readToolResult(outcome, name);
      if (!tool.ok) throw new ApiError('invalid', tool.error);
      return tool.content;
    }
  }

  /** Forgets the session (after a settings change). */
  reset(): void {
    this.sessionId = undefined;
  }

  private session(): Promise<string> {
    this.sessionId ??= this.open().catch((error: unknown) => {
      this.sessionId = undefined;
      throw error;
    });
    return this.sessionId;
  }

  private async open(): Promise<string> {
    const id = this.nextId++;
    const response = await this.options.post({}, initializeRequest(id, this.options.clientVersion));
    this.outcome(response, id, 'MCP initialize');
    const session = response.headers[SESSION_HEADER];
    if (session === undefined) throw new ApiError('server', 'The MCP endpoint started no session; is this a vaultplane server?');
    const ack = await this.options.post({ [SESSION_HEADER]: session, 'mcp-protocol-version': MCP_PROTOCOL_VERSION }, INITIALIZED_NOTIFICATION);
    if (ack.status >= 400) throw apiErrorFromStatus(ack.status, undefined, 'MCP initialize');
    return session;
  }

  private outcome(response: HttpResponse, id: number, what: string): Record<string, unknown> {
    const answer = readRpcResponse(response.headers['content-type'] ?? '', response.text, id);
    if (response.status >= 400) throw apiErrorFromStatus(response.status, answer.ok ? undefined : answer.error, what);
    if (!answer.ok) throw new ApiError('server', `${what}: ${answer.error}`);
    return answer.result;
  }
}
