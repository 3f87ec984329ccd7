import { describe, expect, it } from 'vitest';
import { readRpcResponse, readToolResult } from './mcp-messages';

describe('readRpcResponse', () => {
  it('reads a JSON answer and an event-stream answer alike', () => {
    const answer = { jsonrpc: '2.0', id: 3, result: { ok: 1 } };
    expect(readRpcResponse('application/json', JSON.stringify(answer), 3)).toEqual({ ok: true, result: { ok: 1 } });
    const stream = `event: message\nid: x\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{}}\n\nevent: message\ndata: ${JSON.stringify(answer)}\n\n`;
    expect(readRpcResponse('text/event-stream', stream, 3)).toEqual({ ok: true, result: { ok: 1 } });
  });

  it('passes JSON-RPC errors and missing answers on as text', () => {
    expect(readRpcResponse('application/json', '{"jsonrpc":"2.0","id":1,"error":{"code":-32001,"message":"Session not found"}}', 1)).toEqual({ ok: false, error: 'Session not found' });
    expect(readRpcResponse('application/json', 'not json', 1)).toEqual({ ok: false, error: 'the MCP endpoint sent no answer to request 1' });
  });
});

describe('readToolResult', () => {
  it('gives structured content, or the tool error text', () => {
    expect(readToolResult({ content: [{ type: 'text', text: 'hi' }], structuredContent: { results: [] } }, 'search_notes')).toEqual({ ok: true, content: { results: [] } });
    expect(readToolResult({ content: [{ type: 'text', text: 'Note x not found; list_notes shows them' }], isError: true }, 'schedule_workload')).toEqual({
      ok: false,
      error: 'Note x not found; list_notes shows them',
    });
  });
});
