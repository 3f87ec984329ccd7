/**
 * The Spec-Kit layer's error family. Each error carries a stable `code` so the tool layer and
 * the orchestrator's `POST /task-update` map it in one place; the message is written for the
 * agent or person who has to act on it.
 */
export type SpecKitErrorCode =
  | 'FEATURE_INVALID'
  | 'FEATURE_NOT_FOUND'
  | 'TASKS_FILE_NOT_FOUND'
  | 'TASKS_FILE_UNREADABLE'
  | 'TASK_ID_INVALID'
  | 'TASK_NOT_FOUND'
  | 'TASK_AMBIGUOUS'
  | 'TASK_LINE_MISMATCH'
  | 'TASK_CONFLICT'
  | 'UPDATE_INVALID';

export class SpecKitError extends Error {
  constructor(
    readonly code: SpecKitErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No task has the id (or none sits at the given line). */
export class TaskNotFoundError extends SpecKitError {
  constructor(
    readonly taskId: string,
    /** Ids in the file closest to the one asked for, in file order. */
    readonly nearbyIds: string[],
    message: string,
    code: 'TASK_NOT_FOUND' | 'TASK_LINE_MISMATCH' = 'TASK_NOT_FOUND',
  ) {
    super(code, message);
  }
}

/** The id is on several lines and no `line` picked one. */
export class AmbiguousTaskError extends SpecKitError {
  constructor(
    readonly taskId: string,
    /** 1-based lines that hold a task with this id. */
    readonly lines: number[],
    message: string,
  ) {
    super('TASK_AMBIGUOUS', message);
  }
}

/** tasks.md changed under the update in a way that touches the task's own line. */
export class TaskConflictError extends SpecKitError {
  constructor(
    readonly feature: string,
    readonly taskId: string,
    message: string,
  ) {
    super('TASK_CONFLICT', message);
  }
}
