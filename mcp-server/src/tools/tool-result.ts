import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** Structured content for programs plus the same facts as text for models that read only text. */
export function toolResult<T extends Record<string, unknown>>(structured: T, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}
