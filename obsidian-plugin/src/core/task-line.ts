// Which Spec-Kit task a cursor is on, for "Toggle the Spec-Kit task at the cursor". Pure.

export interface TaskAtCursor {
  feature: string;
  taskId: string;
  done: boolean;
  /** 1-based, as update_task and POST /task-update take it. */
  line: number;
}

const TASKS_FILE = /(?:^|\/)specs\/([A-Za-z0-9._-]+)\/tasks\.md$/;
const TASK_LINE = /^\s*[-*+] \[([ xX])\] (T\d+[a-z]?)\b/;

/** `zeroBasedLine` is the editor's cursor line. */
export function taskAtCursor(filePath: string, lineText: string, zeroBasedLine: number): TaskAtCursor | { error: string } {
  const file = TASKS_FILE.exec(filePath);
  if (!file) return { error: `${filePath} is not a Spec-Kit task list; open specs/<feature>/tasks.md` };
  const task = TASK_LINE.exec(lineText);
  if (!task) return { error: 'The cursor is not on a task line such as "- [ ] T012 …"' };
  return { feature: file[1]!, taskId: task[2]!, done: task[1] !== ' ', line: zeroBasedLine + 1 };
}

/** The 0-based line of a task id in a tasks.md text, for opening the note there. */
export function findTaskLine(text: string, taskId: string): number | undefined {
  const index = text.split(/\r\n|\r|\n/).findIndex((line) => TASK_LINE.exec(line)?.[2] === taskId);
  return index === -1 ? undefined : index;
}
