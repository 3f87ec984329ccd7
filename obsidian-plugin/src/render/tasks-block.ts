import { ApiError, describeError } from '../api/api-error';
import type { PodRow, SpecTask } from '../api/api-types';
import type { VaultplaneApi } from '../api/vaultplane-api';
import type { TasksQuery } from '../core/block-query';
import { groupTasks, type PhaseGroup } from '../core/task-groups';
import { InlineError } from './block-error';
import { isPodChange, startLiveRefresh } from './live-refresh';
import type { Mounted } from './mounted';

// The `vaultplane-tasks` block: a feature's phases and tasks with their status and the pods
// working on each; a checkbox toggles the task in tasks.md through the server.

export function mountTasksBlock(container: HTMLElement, query: TasksQuery, api: VaultplaneApi): Mounted {
  container.empty();
  const root = container.createDiv({ cls: 'vaultplane-tasks' });
  const toolbar = root.createDiv({ cls: 'vaultplane-toolbar' });
  toolbar.createSpan({ cls: 'vaultplane-feature', text: query.feature });
  const summary = toolbar.createSpan({ cls: 'vaultplane-count' });
  const stateElement = toolbar.createSpan({ cls: 'vaultplane-state' });
  const errors = new InlineError(root);
  const list = root.createDiv({ cls: 'vaultplane-phases' });

  const render = (tasks: SpecTask[], pods: PodRow[]) => {
    list.empty();
    if (tasks.length === 0) {
      list.createEl('p', { cls: 'vaultplane-empty', text: `No tasks in specs/${query.feature}/tasks.md${query.status || query.phase !== undefined ? ' match' : ''}.` });
    }
    for (const group of groupTasks(query.feature, tasks, pods)) renderPhase(list, group, query.feature, api, errors);
    const done = tasks.filter((task) => task.done).length;
    summary.setText(`${done}/${tasks.length} done`);
  };

  const stop = startLiveRefresh({
    api,
    stateElement,
    errors,
    wants: (event) => isPodChange(event) || (event.type === 'task' && event.feature === query.feature),
    load: async () => {
      try {
        const [tasks, pods] = await Promise.all([api.listTasks(query.feature, { status: query.status, phase: query.phase }), api.listPods({})]);
        render(tasks, pods);
      } catch (error) {
        // A feature that is gone leaves no stale tasks under the message that says so.
        if (error instanceof ApiError && error.kind === 'not-found') {
          list.empty();
          summary.setText('');
        }
        throw error;
      }
    },
  });
  return { dispose: stop };
}

function renderPhase(parent: HTMLElement, group: PhaseGroup, feature: string, api: VaultplaneApi, errors: InlineError): void {
  const section = parent.createDiv({ cls: 'vaultplane-phase' });
  const title = group.phase === null ? 'Before the first phase' : `Phase ${group.phase}`;
  section.createDiv({ cls: 'vaultplane-phase-title', text: `${title} · ${group.done}/${group.rows.length} done` });
  const list = section.createEl('ul', { cls: 'vaultplane-task-list' });
  for (const { task, pods } of group.rows) {
    const item = list.createEl('li', { cls: task.done ? 'vaultplane-task is-done' : 'vaultplane-task' });
    item.dataset.taskId = task.id;
    item.dataset.line = String(task.line);
    const box = item.createEl('input', { type: 'checkbox', cls: 'task-list-item-checkbox' });
    box.checked = task.done;
    box.addEventListener('change', () => {
      const wanted = box.checked;
      box.disabled = true;
      api
        .setTaskDone({ feature, taskId: task.id, done: wanted, line: task.line })
        .then(() => item.toggleClass('is-done', wanted))
        .catch((error: unknown) => {
          box.checked = !wanted;
          errors.show(describeError(error));
        })
        .finally(() => {
          box.disabled = false;
        });
    });
    // Beside the checkbox: the task as one flowing line, then the pods on it on a line of their own.
    const body = item.createDiv({ cls: 'vaultplane-task-body' });
    body.createSpan({ cls: 'vaultplane-task-id', text: task.id });
    if (task.parallel) body.createSpan({ cls: 'vaultplane-tag', text: 'P' });
    if (task.story !== null) body.createSpan({ cls: 'vaultplane-tag', text: task.story });
    body.createSpan({ cls: 'vaultplane-task-text', text: task.description });
    if (pods.length === 0) continue;
    const podLine = body.createDiv({ cls: 'vaultplane-task-pods' });
    for (const pod of pods) {
      podLine.createSpan({ cls: `vaultplane-pod-badge vaultplane-status-${pod.status}`, text: `${pod.name}: ${pod.status}`, attr: { title: pod.id } });
    }
  }
}
