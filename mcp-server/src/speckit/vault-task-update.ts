import type { Orchestrator } from '@vaultplane/orchestrator';
import type { VaultSet } from '../vaults/vault-set';
import { updateTask, type TaskUpdateResult } from './tasks-file-store';

export interface TaskUpdateRequest {
  feature: string;
  taskId: string;
  done?: boolean;
  note?: string;
  line?: number;
  vault?: string;
}

/**
 * One task update, as update_task, POST /task-update and a finished workload make it: in the
 * vault that holds the feature (or the one named), one line changed, the file reindexed, and
 * the change announced on the orchestrator's event stream when there is one.
 */
export async function applyTaskUpdateInVaults(
  vaults: VaultSet,
  request: TaskUpdateRequest,
  orchestrator?: Orchestrator,
): Promise<TaskUpdateResult & { vault: string }> {
  const vault = request.vault ? vaults.get(request.vault) : vaults.forFeature(request.feature);
  const result = await updateTask(vault.config.root, request.feature, { taskId: request.taskId, done: request.done, note: request.note, line: request.line });
  if (result.changed) {
    await vault.indexer.updateFile(result.path);
    // GET /events carries task changes too: the plugin redraws task blocks from them.
    const { feature, id: taskId, done, line } = result.task;
    orchestrator?.events.publish({ type: 'task', feature, taskId, done, line, time: new Date().toISOString() });
  }
  return { ...result, vault: vault.name };
}
