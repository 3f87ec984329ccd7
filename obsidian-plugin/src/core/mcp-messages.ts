import { isObject, parseJson } from './json-value';
import { parseSseText } from './sse-parser';

// The few JSON-RPC messages the plugin sends to /mcp (initialize, tools/call) and how their
// answers are read: the server may answer as JSON or as an event stream. Pure.

export const MCP_PROTOCOL_VERSION = '2025-06-18';

export function initializeRequest(id: number, version: string): object {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'vaultplane-obsidian', version } },
  };
}

export const INITIALIZED_NOTIFICATION = { jsonrpc: '2.0', method: 'notifications/initialized' };

export function toolCallRequest(id: number, name: string, args: Record<string, unknown>): object {
  return { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } };
}

export type RpcOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: string };

/** The answer with id `id` from a response body of either content type. */
export function readRpcResponse(contentType: string, text: string, id: number): RpcOutcome {
  const messages: unknown[] = contentType.includes('text/event-stream') ? parseSseText(text).map((frame) => parseJson(frame.data)) : [parseJson(text)];
  const answer = messages.flatMap((message): unknown[] => (Array.isArray(message) ? message : [message])).find((message) => isObject(message) && message.id === id);
  if (!isObject(answer)) return { ok: false, error: `the MCP endpoint sent no answer to request ${id}` };
  if (isObject(answer.error)) return { ok: false, error: typeof answer.error.message === 'string' ? answer.error.message : 'unknown MCP error' };
  if (!isObject(answer.result)) return { ok: false, error: 'the MCP answer has no result' };
  return { ok: true, result: answer.result };
}

/** A tools/call result: its structured content, or the tool's error text. */
export function readToolResult(result: Record<string, unknown>, tool: string): { ok: true; content: Record<string, unknown> } | { ok: false; error: string } {
  const text = Array.isArray(result.content)
    ? result.content
        .filter((part): part is { type: 'text'; text: string } => isObject(part) && part.type === 'text' && typeof part.text === 'string')
        .map((part) => part.text)
        .join('\n')
    : '';
  if (result.isError === true) return { ok: false, error: text || `${tool} failed` };
  if (!isObject(result.structuredContent)) return { ok: false, error: `${tool} returned no structured content` };
  return { ok: true, content: result.structuredContent };
}
