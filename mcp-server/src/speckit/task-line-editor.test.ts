import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmbiguousTaskError, SpecKitError, TaskNotFoundError } from './speckit-errors';
import { applyTaskUpdate, findUnchangedTaskLine, type TaskSelector } from './task-line-editor';
import { parseTasksFile, type SpecTask } from './task-parser';

const TEMPLATE = readFileSync(resolve(import.meta.dirname, '../../../vault-template/specs/001-example/tasks.md'), 'utf8');

/** The edited text of one tick/untick, as the file store would write it. */
function setTaskDone(text: string, update: TaskSelector & { done: boolean }): string {
  return applyTaskUpdate('', text, update).text;
}

/** The edited text of one added note, as the file store would write it. */
function appendTaskNote(text: string, update: TaskSelector & { note: string }): string {
  return applyTaskUpdate('', text, update).text;
}

/** Indices where two strings differ; they must be the same length. */
function differingIndices(a: string, b: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.push(i);
  return out;
}

/**
 * Every piece whose insertion into `before` at some position gives `after` (several when the
 * piece and its surroundings share characters); empty when `after` is not one insertion.
 */
function insertedPieces(before: string, after: string): string[] {
  const added = after.length - before.length;
  if (added <= 0) return [];
  let prefix = 0;
  while (prefix < before.length && before[prefix] === after[prefix]) prefix++;
  const pieces: string[] = [];
  for (let start = prefix; start >= 0; start--) {
    if (after.slice(0, start) === before.slice(0, start) && after.slice(start + added) === before.slice(start)) pieces.push(after.slice(start, start + added));
  }
  return pieces;
}

describe('setTaskDone', () => {
  it('ticks one task of the template and changes one byte', () => {
    const next = setTaskDone(TEMPLATE, { taskId: 'T012', done: true });
    const changed = differingIndices(TEMPLATE, next);
    expect(changed).toHaveLength(1);
    expect(next.split('\n').find((line) => line.includes('T012'))).toBe('- [x] T012 [P] [US2] Integration test: follow pod_logs of the test runner until it exits in test/pod-logs.test.ts');
  });

  it('unticks an indented sub-task, [X] included', () => {
    const text = '- [X] T002 Parent\n  - [X] T002a Child\n';
    expect(setTaskDone(text, { taskId: 'T002a', done: false })).toBe('- [X] T002 Parent\n  - [ ] T002a Child\n');
  });

  it('returns the same text when the task already has that state', () => {
    expect(setTaskDone(TEMPLATE, { taskId: 'T001', done: true })).toBe(TEMPLATE);
    expect(setTaskDone('- [X] T001 a', { taskId: 'T001', done: true })).toBe('- [X] T001 a');
  });

  it('keeps CRLF, mixed endings, a BOM and a missing trailing newline', () => {
    const text = '\uFEFF# Tasks\r\n- [ ] T001 a\n- [ ] T002 b\r- [ ] T003 c';
    expect(setTaskDone(text, { taskId: 'T003', done: true })).toBe('\uFEFF# Tasks\r\n- [ ] T001 a\n- [ ] T002 b\r- [x] T003 c');
    expect(setTaskDone(text, { taskId: 'T002', done: true })).toBe('\uFEFF# Tasks\r\n- [ ] T001 a\n- [x] T002 b\r- [ ] T003 c');
  });
});

describe('task selection', () => {
  const duplicated = '- [ ] T001 first\n- [ ] T005 one\n- [ ] T005 two\n- [ ] T009 last\n';

  it('refuses an id that is on two lines and names the lines', () => {
    const attempt = () => setTaskDone(duplicated, { taskId: 'T005', done: true });
    expect(attempt).toThrow(AmbiguousTaskError);
    expect(attempt).toThrow('lines 2, 3; pass line');
    try {
      attempt();
    } catch (error) {
      expect((error as AmbiguousTaskError).lines).toEqual([2, 3]);
      expect((error as AmbiguousTaskError).code).toBe('TASK_AMBIGUOUS');
    }
  });

  it('edits only the duplicate picked by line', () => {
    expect(setTaskDone(duplicated, { taskId: 'T005', line: 3, done: true })).toBe('- [ ] T001 first\n- [ ] T005 one\n- [x] T005 two\n- [ ] T009 last\n');
  });

  it('refuses a line that holds another task and says where the id is', () => {
    expect(() => setTaskDone(duplicated, { taskId: 'T009', line: 2, done: true })).toThrow('Line 2 holds T005, and T009 is on line 4');
  });

  it('refuses an unknown id and lists nearby ids', () => {
    try {
      setTaskDone(TEMPLATE, { taskId: 'T099', done: true });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TaskNotFoundError);
      expect((error as TaskNotFoundError).code).toBe('TASK_NOT_FOUND');
      expect((error as TaskNotFoundError).nearbyIds).toEqual(['T013', 'T014', 'T015', 'T016', 'T017', 'T018']);
      expect((error as Error).message).toContain('nearby ids: T013, T014');
    }
  });

  it('accepts a lower-case id and refuses something that is not an id', () => {
    expect(setTaskDone('- [ ] T001 a\n', { taskId: ' t001 ', done: true })).toBe('- [x] T001 a\n');
    expect(() => setTaskDone('- [ ] T001 a\n', { taskId: '001-example/T001', done: true })).toThrow(/such as 'T012'/);
  });
});

describe('appendTaskNote', () => {
  it('adds the note under the task and its continuation lines, before a sub-task', () => {
    const next = appendTaskNote(TEMPLATE, { taskId: 'T006', note: 'run 42 passed' });
    expect(insertedPieces(TEMPLATE, next)).toContain('  - run 42 passed\n');
    const lines = next.split('\n');
    const at = lines.findIndex((line) => line.includes('T006'));
    expect(lines.slice(at + 1, at + 3)).toEqual(['  and record every decision in the audit log, in orchestrator/src/policy/policy-decision.ts', '  - run 42 passed']);

    const parent = appendTaskNote(TEMPLATE, { taskId: 'T002', note: 'image built' });
    expect(parent).toContain('without a registry\n  - image built\n  - [x] T002a');
  });

  it('indents a note under an indented task one level deeper', () => {
    expect(appendTaskNote('- [ ] T002 a\n  - [ ] T002a b\n- [ ] T003 c\n', { taskId: 'T002a', note: 'ok' })).toBe('- [ ] T002 a\n  - [ ] T002a b\n    - ok\n- [ ] T003 c\n');
  });

  it('uses the line ending of the line it follows, and keeps a missing final newline missing', () => {
    expect(appendTaskNote('- [ ] T001 a\r\n- [ ] T002 b\n', { taskId: 'T001', note: 'n' })).toBe('- [ ] T001 a\r\n  - n\r\n- [ ] T002 b\n');
    expect(appendTaskNote('- [ ] T001 a\r\n- [ ] T002 b', { taskId: 'T002', note: 'n' })).toBe('- [ ] T001 a\r\n- [ ] T002 b\r\n  - n');
  });

  it('refuses notes that are empty, span lines, or would read as a task', () => {
    for (const note of ['  ', 'two\nlines', 'a\rb', '[ ] T050 sneaky task', 'nul\0']) {
      expect(() => appendTaskNote('- [ ] T001 a\n', { taskId: 'T001', note }), JSON.stringify(note)).toThrow(SpecKitError);
    }
  });
});

describe('applyTaskUpdate', () => {
  it('ticks and adds a note in one edit and returns the task as it now reads', () => {
    const result = applyTaskUpdate('001-example', TEMPLATE, { taskId: 'T014', done: true, note: 'run note written' });
    expect(result.changed).toBe(true);
    expect(result.task).toMatchObject({ id: 'T014', done: true, continuation: ['- run note written'], dependsOn: ['T013'] });
    expect(parseTasksFile('001-example', result.text).tasks.find((task) => task.id === 'T014')).toEqual(result.task);
  });

  it('reports no change when the state is already there', () => {
    const result = applyTaskUpdate('001-example', TEMPLATE, { taskId: 'T001', done: true });
    expect(result).toMatchObject({ changed: false, text: TEMPLATE });
  });

  it('refuses an update with nothing to do', () => {
    expect(() => applyTaskUpdate('001-example', TEMPLATE, { taskId: 'T001' })).toThrow(/pass done/);
  });
});

describe('findUnchangedTaskLine', () => {
  it('follows the task when lines were added above it, and gives up when its line was edited', () => {
    const before = '- [ ] T001 a\n- [ ] T002 b\n';
    expect(findUnchangedTaskLine(`# Added\n\n${before}`, 'T002', '- [ ] T002 b', 2)).toBe(4);
    expect(findUnchangedTaskLine('- [ ] T001 a\n- [x] T002 b\n', 'T002', '- [ ] T002 b', 2)).toBeUndefined();
    expect(findUnchangedTaskLine('- [ ] T002 b\n- [ ] T001 a\n- [ ] T002 b\n', 'T002', '- [ ] T002 b', 3)).toBe(3);
  });
});

// ---- Property tests on generated task files ----

const fragment = fc.constantFrom('a', 'é', 'ж', '中文', '🎯', ' ', '[', ']', '`', 'src/x.ts', ' depends on T003', ' (depends on T001, T002a)', '#', 'x', '\t', '[P]', '**bold**');
const words = fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join(''));
const indent = fc.constantFrom('', '  ', '    ', '\t');
const taskLine = fc
  .record({
    indent,
    marker: fc.constantFrom('-', '*', '+'),
    box: fc.constantFrom(' ', 'x', 'X', '/'),
    id: fc.constantFrom('T001', 'T002', 'T002a', 'T003', 'T010', 'T011'),
    parallel: fc.boolean(),
    story: fc.option(fc.constantFrom('US1', 'US2')),
    description: words,
  })
  .map((t) => `${t.indent}${t.marker} [${t.box}] ${t.id}${t.parallel ? ' [P]' : ''}${t.story ? ` [${t.story}]` : ''} ${t.description}`);
const otherLine = fc.oneof(
  fc.tuple(indent, words).map(([space, text]) => `  ${space}${text}`),
  fc.constantFrom('', '   ', '## Phase 1: Setup', '## Phase 2: Core', '### Tests for User Story 1', '## Notes', '# Tasks', '---', '```', '**Checkpoint**: ok', '- plain bullet'),
  words,
);
const tasksFile = fc
  .record({
    bom: fc.boolean(),
    lines: fc.array(fc.tuple(fc.oneof({ weight: 2, arbitrary: taskLine }, { weight: 3, arbitrary: otherLine }), fc.constantFrom('\n', '\r\n', '\r')), { minLength: 1, maxLength: 30 }),
    trailingEol: fc.boolean(),
  })
  .map(({ bom, lines, trailingEol }) => {
    const body = lines.map(([text, eol], i) => text + (i < lines.length - 1 || trailingEol ? eol : '')).join('');
    return (bom ? '\uFEFF' : '') + body;
  });

/** The tasks as they should read after an edit of `target` (matched by line), for comparison. */
function withoutTarget(tasks: SpecTask[], line: number): SpecTask[] {
  return tasks.filter((task) => task.line !== line);
}

describe('line editor properties', () => {
  it('setTaskDone changes at most the one checkbox character, and the parse shows only that', () => {
    fc.assert(
      fc.property(tasksFile, fc.nat(), fc.boolean(), (text, pick, done) => {
        const before = parseTasksFile('f', text).tasks;
        fc.pre(before.length > 0);
        const target = before[pick % before.length]!;
        const next = setTaskDone(text, { taskId: target.id, line: target.line, done });

        expect(next.length).toBe(text.length);
        const changed = differingIndices(text, next);
        expect(changed.length).toBe(target.done === done ? 0 : 1);
        for (const i of changed) expect(next[i]).toBe(done ? 'x' : ' ');

        const after = parseTasksFile('f', next).tasks;
        expect(withoutTarget(after, target.line)).toEqual(withoutTarget(before, target.line));
        expect(after.find((task) => task.line === target.line)).toEqual({ ...target, done });
      }),
      { numRuns: 500 },
    );
  });

  it('appendTaskNote inserts exactly one note line, and the parse shows only that', () => {
    fc.assert(
      fc.property(tasksFile, fc.nat(), words, (text, pick, rawNote) => {
        const note = `${rawNote.trim()}note`.trim();
        const before = parseTasksFile('f', text).tasks;
        fc.pre(before.length > 0);
        const target = before[pick % before.length]!;
        const next = appendTaskNote(text, { taskId: target.id, line: target.line, note });

        // Exactly one new line went in: indentation, the note, and one line ending before
        // it (at the end of a file without a final newline) or after it.
        const noteLine = new RegExp(`^(?:(?:\\r\\n|\\n|\\r)[ \\t]*  - ${escapeRegExp(note)}|[ \\t]*  - ${escapeRegExp(note)}(?:\\r\\n|\\n|\\r))$`);
        expect(insertedPieces(text, next).some((piece) => noteLine.test(piece))).toBe(true);

        const after = parseTasksFile('f', next).tasks;
        const insertedAfterLine = target.line + target.continuation.length;
        const shift = (task: SpecTask) => (task.line > insertedAfterLine ? { ...task, line: task.line + 1 } : task);
        expect(withoutTarget(after, target.line)).toEqual(withoutTarget(before, target.line).map(shift));
        const edited = after.find((task) => task.line === target.line)!;
        expect(edited).toEqual({ ...target, continuation: [...target.continuation, `- ${note}`], dependsOn: edited.dependsOn });
        for (const id of target.dependsOn) expect(edited.dependsOn).toContain(id);
      }),
      { numRuns: 500 },
    );
  });

  it('an ambiguous id is refused unless a line is given, and never changes the text', () => {
    fc.assert(
      fc.property(tasksFile, (text) => {
        const tasks = parseTasksFile('f', text).tasks;
        const counts = new Map<string, number>();
        for (const task of tasks) counts.set(task.id, (counts.get(task.id) ?? 0) + 1);
        for (const [id, count] of counts) {
          if (count > 1) expect(() => setTaskDone(text, { taskId: id, done: true })).toThrow(AmbiguousTaskError);
          else expect(typeof setTaskDone(text, { taskId: id, done: true })).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
