import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { filterTasks } from '../speckit/task-filter';
import { SpecKitError } from '../speckit/speckit-errors';
import type { SpecTask } from '../speckit/task-parser';
import { readAllFeatureTasks, readFeatureTasks, type FeatureTasks } from '../speckit/tasks-file-store';
import type { ToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

const MAX_TASKS = 1000;

const taskSchema = z.object({
  vault: z.string(),
  feature: z.string().describe('Folder under specs/, e.g. 001-example'),
  id: z.string(),
  done: z.boolean(),
  parallel: z.boolean(),
  story: z.string().nullable(),
  phase: z.number().int().nullable(),
  description: z.string(),
  line: z.number().int().describe('1-based line in tasks.md; pass it to update_task when an id repeats'),
  dependsOn: z.array(z.string()),
});

/** One feature's tasks or why it has none (no such folder, no tasks.md yet), or every feature's. */
async function readFeatures(vaultRoot: string, feature: string | undefined): Promise<FeatureTasks[] | SpecKitError> {
  if (!feature) return readAllFeatureTasks(vaultRoot);
  try {
    return [await readFeatureTasks(vaultRoot, feature)];
  } catch (error) {
    if (error instanceof SpecKitError && (error.code === 'FEATURE_NOT_FOUND' || error.code === 'TASKS_FILE_NOT_FOUND')) return error;
    throw error;
  }
}

export function registerListTasksTool(server: McpServer, { vaults }: ToolDeps): void {
  server.registerTool(
    'list_tasks',
    {
      title: 'List Spec-Kit tasks',
      description: 'Tasks from specs/<feature>/tasks.md files, filtered by feature, phase, user story or status.',
      inputSchema: {
        feature: z.string().optional().describe('Only this feature folder, e.g. 001-example'),
        phase: z.number().int().min(0).optional().describe('Only tasks under "## Phase N"'),
        story: z.string().optional().describe('Only tasks of this user story, e.g. US1'),
        status: z.enum(['open', 'done']).optional().describe('Only open or only done tasks'),
        vault: z.string().optional().describe('Which vault (default: all)'),
      },
      outputSchema: {
        tasks: z.array(taskSchema),
        total: z.number().int(),
        // A missing feature is an answer, not a failure: callers that only read `tasks` see none.
        missing: z.string().optional().describe('Set when no vault has specs/<feature>/tasks.md: which part is missing and the features there are'),
      },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ feature, phase, story, status, vault: vaultName }) => {
      const targets = vaultName ? [vaults.get(vaultName)] : vaults.vaults;
      const matches: Array<SpecTask & { vault: string }> = [];
      const missing: string[] = [];
      let filesRead = 0;
      for (const vault of targets) {
        const files = await readFeatures(vault.config.root, feature);
        if (files instanceof SpecKitError) {
          missing.push(targets.length === 1 ? files.message : `${vault.name}: ${files.message}`);
          continue;
        }
        filesRead += files.length;
        for (const file of files) {
          for (const task of filterTasks(file.tasks, { phase, story, status })) matches.push({ ...task, vault: vault.name });
        }
      }
      const tasks = matches.slice(0, MAX_TASKS).map(({ continuation: _continuation, ...task }) => task);
      if (feature && filesRead === 0) {
        const reason = missing.join('\n');
        return toolResult({ tasks, total: 0, missing: reason }, `No tasks: ${reason}`);
      }
      const text =
        tasks.length === 0
          ? feature
            ? `No tasks in specs/${feature}/tasks.md match.`
            : 'No tasks match.'
          : tasks.map((task) => `- [${task.done ? 'x' : ' '}] ${task.feature}/${task.id} (line ${task.line}) ${task.description}`).join('\n');
      return toolResult({ tasks, total: matches.length }, text);
    },
  );
}
