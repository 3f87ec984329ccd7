import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { applyTaskUpdateInVaults } from '../speckit/vault-task-update';
import type { ToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

export function registerUpdateTaskTool(server: McpServer, { vaults, orchestrator }: ToolDeps): void {
  server.registerTool(
    'update_task',
    {
      title: 'Update a Spec-Kit task',
      description:
        'Checks or unchecks a task in specs/<feature>/tasks.md and/or adds a note line under it; every other byte of the file stays as it was. Pass line when an id appears twice.',
      inputSchema: {
        feature: z.string().describe('Folder under specs/, e.g. 001-example'),
        taskId: z.string().describe('Task id, e.g. T012 or T002a'),
        done: z.boolean().optional().describe('true checks the task, false unchecks it'),
        note: z.string().min(1).max(2000).optional().describe('One line to add under the task'),
        line: z.number().int().min(1).optional().describe('1-based line of the task, when its id is not unique (see list_tasks)'),
        vault: z.string().optional().describe('Which vault (default: the one holding the feature)'),
      },
      outputSchema: {
        vault: z.string(),
        path: z.string(),
        changed: z.boolean().describe('False when the task already was as asked'),
        task: z.object({ feature: z.string(), id: z.string(), done: z.boolean(), description: z.string(), line: z.number().int() }).passthrough(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (input) => {
      if (input.done === undefined && input.note === undefined) throw new Error('Give done, note or both: there is nothing to change otherwise.');
      const result = await applyTaskUpdateInVaults(vaults, input, orchestrator);
      const state = result.task.done ? 'done' : 'open';
      const what = result.changed ? `Updated ${result.feature}/${result.task.id} (now ${state})` : `${result.feature}/${result.task.id} was already ${state}`;
      return toolResult({ vault: result.vault, path: result.path, changed: result.changed, task: result.task }, `${what} at ${result.path}:${result.task.line}.`);
    },
  );
}
