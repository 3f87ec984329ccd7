import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateTask } from '../mcp-server/src/speckit/tasks-file-store';
import { parseTasksFile } from '../mcp-server/src/speckit/task-parser';
import { createTempVault, type TempVault } from './support/temp-vault';

const TASKS = 'specs/001-example/tasks.md';
const UPDATES_PER_WRITER = 300;

interface Writer {
  name: string;
  taskId: string;
  /** How many lines after the task line its block ends (continuation lines). */
  continuationLines: number;
}

// Three tasks of different shapes: one with a wrapped continuation line, an indented
// sub-task that starts done, and a plain one.
const WRITERS: Writer[] = [
  { name: 'A', taskId: 'T006', continuationLines: 1 },
  { name: 'B', taskId: 'T002a', continuationLines: 0 },
  { name: 'C', taskId: 'T013', continuationLines: 0 },
];

let vault: TempVault;

beforeEach(async () => {
  vault = await createTempVault({}, { fromTemplate: true });
});

afterEach(async () => {
  await vault.remove();
});

/** Even steps toggle the checkbox (ending on the opposite of where it started), odd steps add a note. */
function plan(writer: Writer, initiallyDone: boolean): { done?: boolean; note?: string }[] {
  const toggles = UPDATES_PER_WRITER / 2;
  return Array.from({ length: UPDATES_PER_WRITER }, (_, step) => {
    if (step % 2 === 1) return { note: `${writer.name} note ${step} — заметка` };
    const k = step / 2;
    const final = !initiallyDone;
    return { done: (toggles - 1 - k) % 2 === 0 ? final : !final };
  });
}

/** The file as it must read after every writer's updates, built by plain string edits. */
function expectedText(original: string, initialDone: Map<string, boolean>): string {
  const lines = original.split('\n');
  // Bottom-up, so inserting under one task does not move the tasks above it.
  const targets = WRITERS.map((writer) => ({ writer, index: lines.findIndex((line) => new RegExp(`\\[[ xX]\\] ${writer.taskId} `).test(line)) })).sort((a, b) => b.index - a.index);
  for (const { writer, index } of targets) {
    const done = !initialDone.get(writer.taskId);
    lines[index] = lines[index]!.replace(/\[[ xX]\]/, done ? '[x]' : '[ ]');
    const indent = /^\s*/.exec(lines[index]!)![0];
    const notes = plan(writer, !done)
      .filter((step) => step.note)
      .map((step) => `${indent}  - ${step.note}`);
    lines.splice(index + 1 + writer.continuationLines, 0, ...notes);
  }
  return lines.join('\n');
}

describe('concurrent update_task writers on one tasks.md', () => {
  it(`three writers, ${UPDATES_PER_WRITER} updates each, lose no update and change no other byte`, async () => {
    const path = join(vault.root, TASKS);
    const original = await readFile(path, 'utf8');
    const initial = parseTasksFile('001-example', original).tasks;
    const initialDone = new Map(WRITERS.map((writer) => [writer.taskId, initial.find((task) => task.id === writer.taskId)!.done]));
    expect(initialDone.get('T002a')).toBe(true);

    await Promise.all(
      WRITERS.map(async (writer) => {
        for (const step of plan(writer, initialDone.get(writer.taskId)!)) {
          const result = await updateTask(vault.root, '001-example', { taskId: writer.taskId, ...step });
          if (step.done !== undefined) expect(result.task.done).toBe(step.done);
        }
      }),
    );

    const final = await readFile(path, 'utf8');
    expect(final).toBe(expectedText(original, initialDone));

    const tasks = parseTasksFile('001-example', final).tasks;
    for (const writer of WRITERS) {
      const task = tasks.find((entry) => entry.id === writer.taskId)!;
      expect(task.done).toBe(!initialDone.get(writer.taskId));
      expect(task.continuation.filter((line) => line.startsWith(`- ${writer.name} note `))).toHaveLength(UPDATES_PER_WRITER / 2);
    }
    // Every other task reads as before.
    const untouched = (list: typeof tasks) => list.filter((task) => !WRITERS.some((writer) => writer.taskId === task.id)).map(({ line: _line, ...rest }) => rest);
    expect(untouched(tasks)).toEqual(untouched(initial));
    expect((await readdir(join(vault.root, 'specs/001-example'))).sort()).toEqual(['plan.md', 'spec.md', 'tasks.md']);
  });
});
