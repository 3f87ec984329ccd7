import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filterTasks } from './task-filter';
import { parseTasksFile } from './task-parser';

const TEMPLATE = readFileSync(resolve(import.meta.dirname, '../../../vault-template/specs/001-example/tasks.md'), 'utf8');
const tasks = [...parseTasksFile('001-example', TEMPLATE).tasks, ...parseTasksFile('002-other', '## Phase 1: A\n- [ ] T001 [US1] other\n').tasks];
const ids = (list: { feature: string; id: string }[]) => list.map((task) => `${task.feature}/${task.id}`);

describe('filterTasks', () => {
  it('returns everything without a filter', () => {
    expect(filterTasks(tasks)).toHaveLength(20);
  });

  it('filters by feature, phase, story and status together', () => {
    expect(ids(filterTasks(tasks, { feature: '001-example', status: 'done' }))).toEqual(['001-example/T001', '001-example/T002', '001-example/T002a']);
    expect(ids(filterTasks(tasks, { phase: 3, story: 'us1', status: 'open' }))).toEqual(['001-example/T008', '001-example/T009', '001-example/T010', '001-example/T011']);
    expect(ids(filterTasks(tasks, { story: 'US1', phase: 1 }))).toEqual(['002-other/T001']);
  });
});
