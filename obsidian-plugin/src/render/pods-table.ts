import type { PodRow } from '../api/api-types';
import type { VaultplaneApi } from '../api/vaultplane-api';
import type { PodsQuery } from '../core/block-query';
import { formatAge, formatCpu, formatMemoryMb } from '../core/format';
import { diffPods, sortPods } from '../core/pod-diff';
import { InlineError } from './block-error';
import { isPodChange, startLiveRefresh } from './live-refresh';
import type { Mounted } from './mounted';

// The live pods table, for the `vaultplane-pods` block and the Pods view. Rows are patched from
// a diff of the lists, so a row keeps its focus and selection across refreshes.

export interface PodActions {
  logs?(pod: PodRow): void;
  evict?(pod: PodRow): void;
  /** Opens the Spec-Kit task a pod works on (`<feature>/<task id>`). */
  openTask?(task: string): void;
}

const AGE_TICK_MS = 15_000;
const COLUMNS = ['Status', 'Name', 'Image', 'Node', 'Task', 'Age', 'CPU', 'Memory'];

export function mountPodsTable(container: HTMLElement, query: PodsQuery, api: VaultplaneApi, actions: PodActions = {}): Mounted {
  container.empty();
  const root = container.createDiv({ cls: 'vaultplane-pods' });
  const toolbar = root.createDiv({ cls: 'vaultplane-toolbar' });
  const stateElement = toolbar.createSpan({ cls: 'vaultplane-state' });
  const countElement = toolbar.createSpan({ cls: 'vaultplane-count' });
  const filterText = describeFilter(query, api.defaultNamespace);
  if (filterText !== '') toolbar.createSpan({ cls: 'vaultplane-filter', text: filterText });
  const errors = new InlineError(root);
  const table = root.createEl('table', { cls: 'vaultplane-pods-table' });
  const headRow = table.createEl('thead').createEl('tr');
  const hasActions = actions.logs !== undefined || actions.evict !== undefined;
  for (const column of hasActions ? [...COLUMNS, ''] : COLUMNS) headRow.createEl('th', { text: column });
  const body = table.createEl('tbody');
  const empty = root.createEl('p', { cls: 'vaultplane-empty vaultplane-hidden', text: 'No pods match.' });

  let shown: PodRow[] = [];
  const rows = new Map<string, HTMLTableRowElement>();

  const apply = (pods: PodRow[]) => {
    const next = sortPods(pods);
    const diff = diffPods(shown, next);
    for (const pod of diff.removed) {
      rows.get(pod.id)?.remove();
      rows.delete(pod.id);
    }
    for (const pod of [...diff.added, ...diff.changed]) {
      const row = rows.get(pod.id) ?? body.createEl('tr');
      row.dataset.podId = pod.id;
      // The row carries the status colour too: a narrow pane shows it as a dot before the name.
      row.className = `vaultplane-pod-row vaultplane-status-${pod.status}`;
      fillRow(row, pod, actions, hasActions);
      rows.set(pod.id, row);
    }
    // Only rows out of place move: moving a row takes it out of the document, which drops its focus.
    let expected = body.firstChild;
    for (const id of diff.order) {
      const row = rows.get(id);
      if (row === undefined) continue;
      if (row === expected) expected = row.nextSibling;
      else body.insertBefore(row, expected);
    }
    shown = next;
    countElement.setText(`${next.length} ${next.length === 1 ? 'pod' : 'pods'}`);
    empty.toggleClass('vaultplane-hidden', next.length > 0);
  };

  const stop = startLiveRefresh({
    api,
    stateElement,
    errors,
    wants: isPodChange,
    load: async () => apply(await api.listPods(query)),
  });
  const ticker = window.setInterval(() => {
    const now = new Date();
    for (const pod of shown) rows.get(pod.id)?.querySelector('.vaultplane-age')?.setText(formatAge(pod.createdAt, now));
  }, AGE_TICK_MS);

  return {
    dispose: () => {
      stop();
      window.clearInterval(ticker);
    },
  };
}

function fillRow(row: HTMLTableRowElement, pod: PodRow, actions: PodActions, hasActions: boolean): void {
  row.empty();
  const status = row.createEl('td', { cls: `vaultplane-status vaultplane-status-${pod.status}` });
  status.createSpan({ text: pod.exitCode === null ? pod.status : `${pod.status} (exit ${pod.exitCode})` });
  row.createEl('td', { text: pod.name, cls: 'vaultplane-pod-name', attr: { title: `${pod.name} (${pod.id})` } });
  row.createEl('td', { text: pod.image, cls: 'vaultplane-image', attr: { title: pod.image } });
  row.createEl('td', { text: pod.node, cls: 'vaultplane-node' });
  const taskCell = row.createEl('td', { cls: 'vaultplane-task-cell' });
  if (pod.task !== null) {
    const task = pod.task;
    if (actions.openTask === undefined) taskCell.setText(task);
    else taskCell.createEl('a', { text: task, href: '#', cls: 'vaultplane-task-link' }).addEventListener('click', (event) => {
      event.preventDefault();
      actions.openTask?.(task);
    });
  }
  row.createEl('td', { text: formatAge(pod.createdAt, new Date()), cls: 'vaultplane-age' });
  row.createEl('td', { text: formatCpu(pod.resources.cpu), cls: 'vaultplane-cpu' });
  row.createEl('td', { text: formatMemoryMb(pod.resources.memoryMb), cls: 'vaultplane-memory' });
  if (!hasActions) return;
  const cell = row.createEl('td', { cls: 'vaultplane-actions' });
  if (actions.logs !== undefined) cell.createEl('button', { text: 'Logs', cls: 'vaultplane-logs-button' }).addEventListener('click', () => actions.logs?.(pod));
  if (actions.evict !== undefined) cell.createEl('button', { text: 'Evict', cls: 'vaultplane-evict-button mod-warning' }).addEventListener('click', () => actions.evict?.(pod));
}

function describeFilter(query: PodsQuery, defaultNamespace: string): string {
  const namespace = query.namespace ?? defaultNamespace;
  const parts = [namespace === '' ? 'all namespaces' : `namespace ${namespace}`];
  if (query.task !== undefined) parts.push(`task ${query.task}`);
  if (query.status !== undefined) parts.push(`status ${query.status}`);
  return parts.join(' · ');
}
