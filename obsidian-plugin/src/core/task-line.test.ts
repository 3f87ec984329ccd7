import { describe, expect, it } from 'vitest';
import { findTaskLine, taskAtCursor } from './task-line';

describe('taskAtCursor', () => {
  it('reads the feature from the path and the task from the line, 1-based', () => {
    expect(taskAtCursor('specs/001-example/tasks.md', '- [ ] T012 [P] [US1] Create User model', 41)).toEqual({ feature: '001-example', taskId: 'T012', done: false, line: 42 });
    expect(taskAtCursor('work/specs/002-x/tasks.md', '  - [X] T002a [P] nested', 0)).toEqual({ feature: '002-x', taskId: 'T002a', done: true, line: 1 });
  });

  it('explains what is wrong elsewhere', () => {
    expect(taskAtCursor('specs/001-example/plan.md', '- [ ] T012 x', 0)).toEqual({ error: expect.stringContaining('is not a Spec-Kit task list') });
    expect(taskAtCursor('specs/001-example/tasks.md', '## Phase 1', 0)).toEqual({ error: expect.stringContaining('not on a task line') });
    expect(taskAtCursor('specs/001-example/tasks.md', '- [ ] do something', 0)).toEqual({ error: expect.stringContaining('not on a task line') });
  });
});

describe('findTaskLine', () => {
  it('finds the task id on a task line, not in prose', () => {
    const text = '# Tasks\nT012 is mentioned here\n- [ ] T011 first\n- [x] T012 second\n';
    expect(findTaskLine(text, 'T012')).toBe(3);
    expect(findTaskLine(text, 'T099')).toBeUndefined();
  });
});
