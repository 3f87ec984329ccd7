/**
 * Picks tasks for `list_tasks` and `GET`-style listings by feature, phase, story and status. Pure.
 */
import type { SpecTask } from './task-parser';

export type TaskStatus = 'open' | 'done';

export interface TaskFilter {
  feature?: string;
  /** Phase number, as in `## Phase 3:`. */
  phase?: number;
  /** `US1`; case does not matter. */
  story?: string;
  /** `open` for unchecked tasks, `done` for checked ones; both when absent. */
  status?: TaskStatus;
}

export function filterTasks(tasks: readonly SpecTask[], filter: TaskFilter = {}): SpecTask[] {
  const story = filter.story?.trim().toUpperCase();
  return tasks.filter(
    (task) =>
      (filter.feature === undefined || task.feature === filter.feature) &&
      (filter.phase === undefined || task.phase === filter.phase) &&
      (!story || task.story === story) &&
      (filter.status === undefined || task.done === (filter.status === 'done')),
  );
}
