import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { WorkloadToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

export function registerNodeHealthTool(server: McpServer, deps: WorkloadToolDeps): void {
  server.registerTool(
    'node_health',
    {
      title: 'Node health',
      description: 'Whether the Docker engine answers, and the CPU, memory, disk and GPUs this node has free for workloads.',
      inputSchema: {},
      outputSchema: { health: z.record(z.string(), z.unknown()) },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async () => {
      const health = await deps.orchestrator.health();
      return toolResult({ health: health as unknown as Record<string, unknown> }, JSON.stringify(health, null, 2));
    },
  );
}
