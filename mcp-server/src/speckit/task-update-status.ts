/** The HTTP status for a failed task update, by the error's stable code. Pure. */
const STATUS_BY_CODE: Record<string, number> = {
  TASK_CONFLICT: 409,
  FEATURE_NOT_FOUND: 404,
  TASKS_FILE_NOT_FOUND: 404,
  TASK_NOT_FOUND: 404,
  TASK_LINE_MISMATCH: 409,
  NOTE_NOT_FOUND: 404,
  NOTE_BUSY: 409,
};

export function updateTaskErrorStatus(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}
