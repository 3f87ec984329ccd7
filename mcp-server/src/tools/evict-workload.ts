import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ADMIN } from '@vaultplane/orchestrator';
import { z } from 'zod';
import { podLine, podSchema, podSummary } from './pod-summary';
import type { WorkloadToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

export function registerEvictWorkloadTool(server: McpServer, deps: WorkloadToolDeps): void {
  server.registerTool(
    'evict_workload',
    {
      title: 'Evict a workload',
      description: 'Stops and removes a workload container; its output is gone afterwards. Asks the user to confirm when the client can.',
      inputSchema: {
        id: z.string().min(1).describe('Pod id from list_pods'),
        reason: z.string().max(200).optional().describe('Why, for the audit log'),
      },
      outputSchema: { pod: podSchema.optional(), evicted: z.boolean() },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    async ({ id, reason }) => {
      const { orchestrator } = deps;
      if (server.server.getClientCapabilities()?.elicitation) {
        const answer = await server.server.elicitInput({
          message: `Evict workload ${id}? Its container is stopped and removed.`,
          requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean', title: 'Evict it' } }, required: ['confirm'] },
        });
        if (answer.action !== 'accept' || answer.content?.confirm !== true) {
          return toolResult({ evicted: false }, `Not evicted: ${id} keeps running (the user declined).`);
        }
      }
      const pod = await orchestrator.evict(id, ADMIN, reason ?? 'evict_workload');
      return toolResult({ pod: podSummary(pod), evicted: true }, `Evicted ${podLine(pod)}.`);
    },
  );
}
