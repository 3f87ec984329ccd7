import { Modal, Notice, type App } from 'obsidian';
import { describeError } from '../api/api-error';
import type { PodRow } from '../api/api-types';
import type { VaultplaneApi } from '../api/vaultplane-api';
import { findTaskLine } from '../core/task-line';
import { mountLogsBlock } from '../render/logs-block';
import type { PodActions } from '../render/pods-table';
import { confirmAction } from './confirm-modal';

// What the Pods view's buttons do inside Obsidian.

const LOG_HISTORY_LINES = 500;

export function podActionsFor(app: App, api: VaultplaneApi): PodActions {
  return {
    logs: (pod) => openLogsModal(app, api, pod),
    evict: (pod) => void evictWithConfirm(app, api, pod),
    openTask: (task) => void openTask(app, task),
  };
}

export function openLogsModal(app: App, api: VaultplaneApi, pod: PodRow): void {
  const modal = new Modal(app);
  modal.setTitle(`Logs of ${pod.name}`);
  modal.modalEl.addClass('vaultplane-logs-modal');
  const mounted = mountLogsBlock(modal.contentEl, { pod: pod.id, tail: LOG_HISTORY_LINES }, api);
  modal.onClose = () => mounted.dispose();
  modal.open();
}

export async function evictWithConfirm(app: App, api: VaultplaneApi, pod: PodRow): Promise<void> {
  const confirmed = await confirmAction(app, {
    title: `Evict ${pod.name}?`,
    message: `This stops pod ${pod.id} (${pod.status}) and removes its container. Its logs are gone afterwards.`,
    confirmText: 'Evict',
  });
  if (!confirmed) return;
  try {
    await api.evict(pod.id);
    new Notice(`Evicted ${pod.id}`);
  } catch (error) {
    new Notice(`Could not evict ${pod.id}: ${describeError(error)}`);
  }
}

/** Opens specs/<feature>/tasks.md at the task's line; a bare task id opens nothing. */
async function openTask(app: App, task: string): Promise<void> {
  const [feature, taskId] = task.split('/');
  if (feature === undefined || taskId === undefined) {
    new Notice(`Task ${task} names no feature; expected <feature>/<task id>`);
    return;
  }
  const path = `specs/${feature}/tasks.md`;
  const file = app.vault.getFileByPath(path);
  if (file === null) {
    new Notice(`${path} is not in this vault`);
    return;
  }
  const line = findTaskLine(await app.vault.cachedRead(file), taskId);
  await app.workspace.getLeaf(false).openFile(file, { eState: line === undefined ? undefined : { line } });
}
