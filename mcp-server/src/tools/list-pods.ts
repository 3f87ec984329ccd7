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
      description:
        'Lists workload containers on this node and every reachable peer (the node column says where), filtered by namespace, Spec-Kit task or status; peers that do not answer are listed under unreachable.',
      inputSchema: {
        namespace: z.string().optional().describe('Only this namespace'),
        task: z.string().optional().describe('Only pods working on this Spec-Kit task, e.g. 001-example/T012'),
        status: z.enum(POD_STATUSES).optional().describe('Only pods in this state'),
      },
      outputSchema: {
        pods: z.array(podSchema),
        unreachable: z.array(z.object({ peer: z.string(), node: z.string().optional(), reason: z.string() })).describe('Peers whose pods are missing because they did not answer'),
      },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async (filter) => {
      const { pods, unreachable } = await deps.orchestrator.listCluster(filter);
      const lines = pods.length === 0 ? ['No workloads match.'] : pods.map(podLine);
      for (const peer of unreachable) lines.push(`peer ${peer.peer}${peer.node === undefined ? '' : ` (node ${peer.node})`} did not answer: ${peer.reason}`);
      return toolResult({ pods: pods.map(podSummary), unreachable: unreachable.map(({ peer, node, reason }) => ({ peer, reason, ...(node === undefined ? {} : { node }) })) }, lines.join('\n'));
    },
  );
}
