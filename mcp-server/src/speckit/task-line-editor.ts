/**
 * Edits one task in a tasks.md text: ticks or unticks its checkbox, or adds a note line under
 * it. Every other byte stays as it was: line endings (LF, CRLF, mixed), a BOM, a trailing
 * newline or its absence. Pure.
 */
import { AmbiguousTaskError, SpecKitError, TaskNotFoundError } from './speckit-errors';
import { isTaskLine, scanTasksFile, TASK_ID_PATTERN, type LocatedTask, type SpecTask } from './task-parser';
import { dominantEol, joinLines, splitLines, type SplitText } from './text-lines';

export interface TaskSelector {
  taskId: string;
  /** 1-based line; needed when the id is on several lines. */
  line?: number;
}

export interface TaskUpdate extends TaskSelector {
  done?: boolean;
  note?: string;
}

export interface AppliedUpdate {
  text: string;
  /** The task as it reads after the update. */
  task: SpecTask;
  /** False when the text already had this state (and no note was given). */
  changed: boolean;
}

export const MAX_NOTE_LENGTH = 2000;
/** How many ids an unknown-id error suggests. */
const NEARBY_IDS = 6;

/** Checks the update's shape; throws `UPDATE_INVALID` or `TASK_ID_INVALID` with what to send instead. */
export function validateTaskUpdate(update: TaskUpdate): TaskUpdate & { taskId: string } {
  const taskId = normalizeTaskId(update.taskId);
  if (update.line !== undefined && (!Number.isInteger(update.line) || update.line < 1)) {
    throw new SpecKitError('UPDATE_INVALID', `line must be a 1-based line number, not ${String(update.line)}; list_tasks gives each task's line.`);
  }
  if (update.done !== undefined && typeof update.done !== 'boolean') {
    throw new SpecKitError('UPDATE_INVALID', 'done must be true or false.');
  }
  const note = update.note === undefined ? undefined : normalizeNote(update.note);
  if (update.done === undefined && note === undefined) {
    throw new SpecKitError('UPDATE_INVALID', `Nothing to change for ${taskId}: pass done (true or false), a note, or both.`);
  }
  return { ...update, taskId, ...(note === undefined ? {} : { note }) };
}

/** Ticks/unticks and then adds the note, as one edit of the text; `feature` goes into the returned task. */
export function applyTaskUpdate(feature: string, text: string, update: TaskUpdate): AppliedUpdate {
  const valid = validateTaskUpdate(update);
  const split = splitLines(text);
  const target = locateTask(split, valid, feature);
  if (valid.done !== undefined) markDone(split, target, valid.done);
  if (valid.note !== undefined) insertNote(split, target, valid.note);
  const next = joinLines(split);
  const task = locateTask(split, { taskId: valid.taskId, line: target.task.line }, feature).task;
  return { text: next, task, changed: next !== text };
}

/**
 * The line the same task sits on in `text` when its line reads exactly `lineText` (ending
 * aside); the one nearest `nearLine` when several do. Undefined when the line was edited,
 * moved into another task's id or removed.
 */
export function findUnchangedTaskLine(text: string, taskId: string, lineText: string, nearLine: number): number | undefined {
  const split = splitLines(text);
  const candidates = scanTasksFile('', split.lines).located.filter(
    (entry) => entry.task.id === taskId && split.lines[entry.task.line - 1]!.text === lineText,
  );
  candidates.sort((a, b) => Math.abs(a.task.line - nearLine) - Math.abs(b.task.line - nearLine));
  return candidates[0]?.task.line;
}

/** `t12` and ` T012 ` are accepted as typed; anything not shaped like an id is refused. */
export function normalizeTaskId(input: unknown): string {
  const id = typeof input === 'string' ? input.trim().replace(/^t/, 'T') : '';
  if (!TASK_ID_PATTERN.test(id)) {
    throw new SpecKitError('TASK_ID_INVALID', `'${String(input)}' is not a task id; pass an id as it appears in tasks.md, such as 'T012' or 'T002a'.`);
  }
  return id;
}

function locateTask(split: SplitText, selector: TaskSelector, feature = ''): LocatedTask {
  const taskId = normalizeTaskId(selector.taskId);
  const located = scanTasksFile(feature, split.lines).located;
  const matches = located.filter((entry) => entry.task.id === taskId);
  const lines = matches.map((entry) => entry.task.line);

  if (selector.line !== undefined) {
    const atLine = matches.find((entry) => entry.task.line === selector.line);
    if (atLine) return atLine;
    const other = located.find((entry) => entry.task.line === selector.line);
    const where = lines.length > 0 ? `${taskId} is on line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}` : `there is no task ${taskId}`;
    const found = other ? `line ${selector.line} holds ${other.task.id}` : `line ${selector.line} holds no task`;
    throw new TaskNotFoundError(taskId, nearbyIds(located, taskId), `${capitalize(found)}, and ${where}; list the tasks again and pass the line shown for ${taskId}.`, 'TASK_LINE_MISMATCH');
  }
  if (matches.length === 0) {
    const nearby = nearbyIds(located, taskId);
    const hint = nearby.length > 0 ? `nearby ids: ${nearby.join(', ')}` : 'the file has no tasks';
    throw new TaskNotFoundError(taskId, nearby, `There is no task ${taskId} in tasks.md (${hint}); use list_tasks to find the id.`);
  }
  if (matches.length > 1) {
    throw new AmbiguousTaskError(taskId, lines, `Task ${taskId} appears ${matches.length} times, on lines ${lines.join(', ')}; pass line to say which one to update.`);
  }
  return matches[0]!;
}

function markDone(split: SplitText, target: LocatedTask, done: boolean): void {
  const line = split.lines[target.task.line - 1]!;
  if (target.task.done === done) return;
  const i = target.checkboxIndex;
  line.text = line.text.slice(0, i) + (done ? 'x' : ' ') + line.text.slice(i + 1);
}

/** The note goes below the task's continuation lines, as a list item one level deeper. */
function insertNote(split: SplitText, target: LocatedTask, note: string): void {
  const after = split.lines[target.lastLine - 1]!;
  let eol = after.eol;
  if (eol === '') {
    // The task block ends the file with no newline: the new line takes over that absence.
    after.eol = split.lines[target.task.line - 1]!.eol || dominantEol(split.lines);
    eol = '';
  }
  split.lines.splice(target.lastLine, 0, { text: `${target.indent}  - ${note}`, eol });
}

function normalizeNote(input: unknown): string {
  if (typeof input !== 'string') throw new SpecKitError('UPDATE_INVALID', 'note must be a string: the line of text to add under the task.');
  const note = input.trim();
  if (note === '') throw new SpecKitError('UPDATE_INVALID', 'note is empty; pass the text to add under the task.');
  if (/[\r\n]/.test(note)) throw new SpecKitError('UPDATE_INVALID', 'note must be a single line; send one update per line to add several.');
  if (/[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(note)) throw new SpecKitError('UPDATE_INVALID', 'note contains control characters; send plain text.');
  if (note.length > MAX_NOTE_LENGTH) throw new SpecKitError('UPDATE_INVALID', `note is ${note.length} characters; keep it under ${MAX_NOTE_LENGTH} and put longer text in a note of its own.`);
  // `- [ ] T013 …` under a task would read as a new task, not a note.
  if (isTaskLine(`- ${note}`)) {
    throw new SpecKitError('UPDATE_INVALID', 'note may not start with a checkbox and a task id, or it would read as a new task; to add a task, edit tasks.md itself.');
  }
  return note;
}

function nearbyIds(located: readonly LocatedTask[], taskId: string): string[] {
  const target = Number(/\d+/.exec(taskId)?.[0] ?? 0);
  const ids = [...new Set(located.map((entry) => entry.task.id))];
  const closest = ids
    .map((id, order) => ({ id, order, distance: Math.abs(Number(/\d+/.exec(id)![0]) - target) }))
    .sort((a, b) => a.distance - b.distance || a.order - b.order)
    .slice(0, NEARBY_IDS);
  return closest.sort((a, b) => a.order - b.order).map((entry) => entry.id);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
