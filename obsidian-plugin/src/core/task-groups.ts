import type { PodRow, SpecTask } from '../api/api-types';

// A feature's tasks grouped by phase, each with the pods working on it. Pure.

export interface TaskRow {
  task: SpecTask;
  pods: PodRow[];
}

export interface PhaseGroup {
  /** null for tasks above the first "## Phase N" heading. */
  phase: number | null;
  rows: TaskRow[];
  done: number;
}

/** Phases in file order; a pod's `task` is `<feature>/<task id>` (or the bare id). */
export function groupTasks(feature: string, tasks: readonly SpecTask[], pods: readonly PodRow[]): PhaseGroup[] {
  const groups: PhaseGroup[] = [];
  const byPhase = new Map<number | null, PhaseGroup>();
  for (const task of [...tasks].sort((a, b) => a.line - b.line)) {
    let group = byPhase.get(task.phase);
    if (group === undefined) {
      group = { phase: task.phase, rows: [], done: 0 };
      byPhase.set(task.phase, group);
      groups.push(group);
    }
    group.rows.push({ task, pods: pods.filter((pod) => podWorksOn(pod, feature, task.id)) });
    if (task.done) group.done += 1;
  }
  return groups;
}

export function podWorksOn(pod: PodRow, feature: string, taskId: string): boolean {
  return pod.task === `${feature}/${taskId}` || pod.task === taskId;
}
