import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTasksFile } from './task-parser';

const TEMPLATE = readFileSync(resolve(import.meta.dirname, '../../../vault-template/specs/001-example/tasks.md'), 'utf8');

describe('parseTasksFile on the vault template', () => {
  const parsed = parseTasksFile('001-example', TEMPLATE);
  const byId = (id: string) => parsed.tasks.find((task) => task.id === id)!;

  it('finds the six phases with their titles and lines', () => {
    expect(parsed.phases.map((phase) => [phase.number, phase.title])).toEqual([
      [1, 'Setup (Shared Infrastructure)'],
      [2, 'Foundational (Blocking Prerequisites)'],
      [3, 'User Story 1 - Start a workload from its note (Priority: P1) 🎯 MVP'],
      [4, 'User Story 2 - Follow the logs and keep a run report (Priority: P2)'],
      [5, 'User Story 3 - Tick the task when the run passes (Priority: P3)'],
      [6, 'Polish & Cross-Cutting Concerns'],
    ]);
    const lines = TEMPLATE.split('\n');
    for (const phase of parsed.phases) expect(lines[phase.line - 1]).toMatch(/^## Phase \d+: /);
  });

  it('reads every task, including the indented sub-tasks, in file order', () => {
    expect(parsed.tasks.map((task) => task.id)).toEqual([
      'T001', 'T002', 'T002a', 'T003', 'T004', 'T005', 'T006', 'T007', 'T008', 'T009',
      'T010', 'T011', 'T012', 'T013', 'T014', 'T015', 'T016', 'T017', 'T018',
    ]);
    const lines = TEMPLATE.split('\n');
    for (const task of parsed.tasks) expect(lines[task.line - 1]).toContain(` ${task.id}`);
  });

  it('reads done, parallel, story, phase and the description', () => {
    expect(byId('T002a')).toMatchObject({
      feature: '001-example',
      done: true,
      parallel: true,
      story: null,
      phase: 1,
      description: 'Fail with an install hint when /bin/busybox is not the static build in scripts/make-test-image.sh',
    });
    expect(byId('T003')).toMatchObject({ done: false, parallel: true, phase: 1 });
    expect(byId('T008')).toMatchObject({ parallel: true, story: 'US1', phase: 3, description: 'Integration test: schedule from workloads/test-runner.md in test/workload-from-note.test.ts' });
    expect(byId('T013')).toMatchObject({ parallel: false, story: 'US2', phase: 4 });
  });

  it('keeps the wrapped second line of T006 as its continuation', () => {
    expect(byId('T006').continuation).toEqual(['and record every decision in the audit log, in orchestrator/src/policy/policy-decision.ts']);
    expect(byId('T007').continuation).toEqual([]);
  });

  it('reads dependencies', () => {
    expect(byId('T005').dependsOn).toEqual(['T003', 'T004']);
    expect(byId('T014').dependsOn).toEqual(['T013']);
    expect(byId('T016').dependsOn).toEqual(['T014', 'T015']);
    expect(byId('T001').dependsOn).toEqual([]);
  });
});

describe('parseTasksFile on hand-made files', () => {
  it('keeps both tasks of a duplicated id, told apart by line', () => {
    const text = '## Phase 1: Setup\n\n- [ ] T001 First\n- [x] T001 Second copy\n';
    const tasks = parseTasksFile('001-a', text).tasks;
    expect(tasks.map((task) => [task.id, task.line, task.done, task.description])).toEqual([
      ['T001', 3, false, 'First'],
      ['T001', 4, true, 'Second copy'],
    ]);
  });

  it('reads non-English text and CRLF line endings', () => {
    const text = '## Phase 1: Настройка\r\n\r\n- [X] T010 [US2] [P] Создать модель пользователя в src/модели.py\r\n  продолжение строки\r\n- [ ] T011 日本語の説明 (depends on T010)\r\n';
    const parsed = parseTasksFile('002-i18n', text);
    expect(parsed.phases).toEqual([{ number: 1, title: 'Настройка', line: 1 }]);
    expect(parsed.tasks[0]).toMatchObject({ id: 'T010', done: true, parallel: true, story: 'US2', description: 'Создать модель пользователя в src/модели.py', continuation: ['продолжение строки'] });
    expect(parsed.tasks[1]).toMatchObject({ id: 'T011', description: '日本語の説明 (depends on T010)', dependsOn: ['T010'], line: 5 });
  });

  it('takes dependencies from continuation lines and several phrasings', () => {
    const text = '- [ ] T020 Wire it up\n  once the API exists (depends on T012 and T013a)\n- [ ] T021 Later, Depends on: T001, T002 & T003\n';
    const [first, second] = parseTasksFile('003-x', text).tasks;
    expect(first!.dependsOn).toEqual(['T012', 'T013a']);
    expect(second!.dependsOn).toEqual(['T001', 'T002', 'T003']);
  });

  it('ends a continuation at a blank line, a heading or a line at the task level', () => {
    const text = [
      '- [ ] T001 One',
      '  wrapped',
      '',
      '  after a blank line',
      '- [ ] T002 Two',
      'lazy text',
      '    - [ ] T003 Deep sub-task',
      '      its own wrap',
      '  back at T002 level but under T003',
      '',
    ].join('\n');
    const tasks = parseTasksFile('004-x', text).tasks;
    expect(tasks.map((task) => task.continuation)).toEqual([['wrapped'], [], ['its own wrap']]);
  });

  it('ignores task-like lines in code fences and lines that are not tasks', () => {
    const text = [
      '```markdown',
      '- [ ] T001 Example in a fence',
      '## Phase 9: Fenced heading',
      '```',
      '- [ ] TXXX Placeholder id',
      '- [ ]T002 No space',
      '- T003 No checkbox',
      '- [ ] T004b2 Not an id',
      '* [x] T005 Star marker',
      '',
    ].join('\n');
    const parsed = parseTasksFile('005-x', text);
    expect(parsed.phases).toEqual([]);
    expect(parsed.tasks.map((task) => [task.id, task.done])).toEqual([['T005', true]]);
  });

  it('treats other status characters as not done, and leaves unknown tags in the description', () => {
    const text = '- [/] T001 [P] [Story] In progress\n- [-] T002 Cancelled\n';
    const tasks = parseTasksFile('006-x', text).tasks;
    expect(tasks[0]).toMatchObject({ done: false, parallel: true, story: null, description: '[Story] In progress' });
    expect(tasks[1]).toMatchObject({ done: false, id: 'T002' });
  });

  it('closes a phase at the next heading of its level, not at deeper ones', () => {
    const text = '## Phase 3: Story\n### Tests\n- [ ] T001 a\n## Notes\n- [ ] T002 b\n';
    expect(parseTasksFile('007-x', text).tasks.map((task) => task.phase)).toEqual([3, null]);
  });

  it('parses a file with a BOM, no trailing newline, or nothing at all', () => {
    expect(parseTasksFile('008-x', '\uFEFF- [ ] T001 first line task').tasks[0]).toMatchObject({ id: 'T001', line: 1, description: 'first line task' });
    expect(parseTasksFile('008-x', '')).toEqual({ phases: [], tasks: [] });
  });
});
