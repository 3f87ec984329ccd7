import type { Pod } from '@vaultplane/orchestrator';
import { describe, expect, it } from 'vitest';
import type { SpecTask } from '../api/api-types';
import { groupTasks } from './task-groups';

const task = (id: string, phase: number | null, line: number, done = false): SpecTask => ({ feature: '001-example', id, done, parallel: false, story: null, phase, description: `do ${id}`, line, dependsOn: [], vault: 'vault' });
const podFor = (id: string, taskRef: string | null) => ({ id, task: taskRef }) as Pod;

describe('groupTasks', () => {
  it('groups by phase in file order, counts done tasks and attaches the pods working on each', () => {
    const groups = groupTasks(
      '001-example',
      [task('T004', 2, 30), task('T001', 1, 10, true), task('T002', 1, 12)],
      [podFor('runner-1', '001-example/T004'), podFor('other-1', '002-other/T004'), podFor('bare-1', 'T001')],
    );
    expect(groups.map((group) => [group.phase, group.done, group.rows.map((row) => row.task.id)])).toEqual([
      [1, 1, ['T001', 'T002']],
      [2, 0, ['T004']],
    ]);
    expect(groups[1]!.rows[0]!.pods.map((pod) => pod.id)).toEqual(['runner-1']);
    expect(groups[0]!.rows[0]!.pods.map((pod) => pod.id)).toEqual(['bare-1']);
  });
});
