import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { POD_STATUSES } from '@vaultplane/orchestrator';
import { z } from 'zod';
import { podLine, podSchema, podSummary } from './pod-summary';
import type { WorkloadToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

export function registerListPodsTool(server: McpServer, deps: WorkloadToolDeps): void {
  server.registerTool(
    'list_pods',
    {
      title: 'List workloads',
      description: 'Lists workload containers as the Docker engine reports them, filtered by namespace, Spec-Kit task or status.',
      inputSchema: {
        namespace: z.string().optional().describe('Only this namespace'),
        task: z.string().optional().describe('Only pods working on this Spec-Kit task, e.g. 001-example/T012'),
        status: z.enum(POD_STATUSES).optional().describe('Only pods in this state'),
      },
      outputSchema: { pods: z.array(podSchema) },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async (filter) => {
      const pods = await deps.orchestrator.list(filter);
      const text = pods.length === 0 ? 'No workloads match.' : pods.map(podLine).join('\n');
      return toolResult({ pods: pods.map(podSummary) }, text);
    },
  );
}
