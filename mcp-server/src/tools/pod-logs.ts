import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { readPodLogText } from '../workloads/pod-log-text';
import type { WorkloadToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

/** An agent never receives megabytes of logs: the tail, cut at a byte limit. */
const DEFAULT_TAIL = 100;
const DEFAULT_MAX_BYTES = 16 * 1024;
const MAX_BYTES = 64 * 1024;

export function registerPodLogsTool(server: McpServer, deps: WorkloadToolDeps): void {
  server.registerTool(
    'pod_logs',
    {
      title: 'Workload logs',
      description: `The last lines a workload wrote (stdout and stderr apart), ${DEFAULT_TAIL} lines and ${DEFAULT_MAX_BYTES / 1024} KB by default.`,
      inputSchema: {
        id: z.string().min(1).describe('Pod id from schedule_workload or list_pods'),
        tail: z.number().int().min(1).max(10_000).optional().describe(`Last N lines (default ${DEFAULT_TAIL})`),
        since: z.iso.datetime({ offset: true }).optional().describe('Only lines written after this ISO time'),
        maxBytes: z.number().int().min(256).max(MAX_BYTES).optional().describe(`Cut the output at this many bytes (default ${DEFAULT_MAX_BYTES})`),
      },
      outputSchema: {
        id: z.string(),
        stdout: z.string(),
        stderr: z.string(),
        truncated: z.boolean().describe('True when the byte limit cut the output; ask for a smaller tail or a later since'),
      },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ id, tail, since, maxBytes }) => {
      const limit = maxBytes ?? DEFAULT_MAX_BYTES;
      const { stdout, stderr, bytes } = await readPodLogText(deps.orchestrator, id, {
        tail: tail ?? DEFAULT_TAIL,
        ...(since ? { since: new Date(since) } : {}),
        limitBytes: limit,
      });
      const truncated = bytes >= limit;
      const parts = [stdout && `stdout:\n${stdout}`, stderr && `stderr:\n${stderr}`].filter(Boolean);
      const text = (parts.length ? parts.join('\n') : `Pod ${id} has written nothing yet.`) + (truncated ? `\n[cut at ${limit} bytes]` : '');
      return toolResult({ id, stdout, stderr, truncated }, text);
    },
  );
}
