/**
 * Reads and updates `specs/<feature>/tasks.md` in a vault. The edit itself is the pure line
 * editor's; this file adds the file system: the path jail, an atomic write (temp file + rename
 * in the same folder), and the guard against edits made in between — from Obsidian, or from
 * another vaultplane writer in this process or another (those take turns on the note's lock).
 */
import { readdir, stat } from 'node:fs/promises';
import { commitGuardedWrite, readGuardedFile, type GuardedFile, type GuardedReadFault } from '../vault/guarded-file';
import { decodeNoteBytes, encodeNoteText } from '../vault/note-text';
import { withNoteLock } from '../vault/note-lock';
import type { PathLocks } from '../vault/path-locks';
import { resolveInVault } from '../vault/vault-fs';
import { assertFeatureName, listFeatures } from './feature-names';
import { SpecKitError, TaskConflictError } from './speckit-errors';
import { applyTaskUpdate, findUnchangedTaskLine, validateTaskUpdate, type TaskUpdate } from './task-line-editor';
import { parseTasksFile, type ParsedTasksFile, type SpecTask } from './task-parser';
import { splitLines } from './text-lines';

export const SPECS_FOLDER = 'specs';
export const TASKS_FILE_NAME = 'tasks.md';
/** A guarded write re-applies itself on newer text this many times before giving up. */
export const MAX_UPDATE_ATTEMPTS = 5;
/** tasks.md files are small; anything past this is not one. */
export const MAX_TASKS_FILE_BYTES = 8 * 1024 * 1024;

export interface TasksFileStoreOptions {
  /** In-process half of the note lock; defaults to the process-wide one NoteStore uses, so update_task and write_note take turns. */
  locks?: PathLocks;
  /** Runs after the temp file is written and before the re-check; tests use it to play an editor saving in that gap. */
  beforeCommit?: (absolutePath: string) => Promise<void> | void;
}

export interface FeatureTasks extends ParsedTasksFile {
  feature: string;
  /** Vault-relative, e.g. `specs/001-example/tasks.md`. */
  path: string;
}

export interface TaskUpdateResult {
  feature: string;
  path: string;
  /** The task as the file now has it. */
  task: SpecTask;
  /** False when the file already had this state and was left alone. */
  changed: boolean;
}

interface CurrentFile extends GuardedFile {
  text: string;
  hasBom: boolean;
}

export function tasksFilePath(feature: string): string {
  return `${SPECS_FOLDER}/${feature}/${TASKS_FILE_NAME}`;
}

/** Feature folders under specs/, in number order; none when the vault has no specs/ folder. */
export async function listVaultFeatures(vaultRoot: string): Promise<string[]> {
  const specs = await resolveInVault(vaultRoot, SPECS_FOLDER);
  const entries = await readdir(specs, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw new SpecKitError('TASKS_FILE_UNREADABLE', `The specs/ folder cannot be listed (${error.code ?? error.message}); check its permissions.`, { cause: error });
  });
  return listFeatures(entries);
}

export async function readFeatureTasks(vaultRoot: string, featureInput: string): Promise<FeatureTasks> {
  const feature = assertFeatureName(featureInput);
  const path = tasksFilePath(feature);
  const absolute = await resolveInVault(vaultRoot, path);
  const current = await readCurrent(absolute, path);
  if (!current) throw await missingError(vaultRoot, feature);
  return { feature, path, ...parseTasksFile(feature, current.text) };
}

/** Every feature's tasks; features whose folder has no tasks.md yet are left out. */
export async function readAllFeatureTasks(vaultRoot: string): Promise<FeatureTasks[]> {
  const all: FeatureTasks[] = [];
  for (const feature of await listVaultFeatures(vaultRoot)) {
    try {
      all.push(await readFeatureTasks(vaultRoot, feature));
    } catch (error) {
      if (error instanceof SpecKitError && error.code === 'TASKS_FILE_NOT_FOUND') continue;
      throw error;
    }
  }
  return all;
}

/**
 * Ticks/unticks a task and/or adds a note under it. When tasks.md changes between the read
 * and the rename, the update is made again on the new text if the task's own line still reads
 * the same (wherever it moved to); otherwise it is refused with `TaskConflictError`.
 */
export async function updateTask(vaultRoot: string, featureInput: string, update: TaskUpdate, options: TasksFileStoreOptions = {}): Promise<TaskUpdateResult> {
  const feature = assertFeatureName(featureInput);
  const valid = validateTaskUpdate(update);
  const path = tasksFilePath(feature);
  const absolute = await resolveInVault(vaultRoot, path);
  return withNoteLock(absolute, async () => {
    let current = await readCurrent(absolute, path);
    if (!current) throw await missingError(vaultRoot, feature);
    let applied = applyTaskUpdate(feature, current.text, valid);
    // What the task's line read when we first found it: the guard compares against this.
    const anchor = { line: applied.task.line, text: splitLines(current.text).lines[applied.task.line - 1]!.text };

    for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
      if (!applied.changed) return { feature, path, task: applied.task, changed: false };
      const committed = await commitGuardedWrite(absolute, encodeNoteText(applied.text, current.hasBom), current, {
        readNow: () => readGuardedFile(absolute, (fault) => tasksFileFault(fault, path), MAX_TASKS_FILE_BYTES),
        beforeCommit: options.beforeCommit,
      });
      if (committed.ok) return { feature, path, task: applied.task, changed: true };

      current = await readCurrent(absolute, path);
      if (!current) throw new TaskConflictError(feature, valid.taskId, `${path} was deleted while updating ${valid.taskId}; check the feature folder and retry.`);
      const line = findUnchangedTaskLine(current.text, valid.taskId, anchor.text, anchor.line);
      if (line === undefined) {
        throw new TaskConflictError(
          feature,
          valid.taskId,
          `${path} changed while updating ${valid.taskId}, and that task's line was edited or removed (it read "${anchor.text.trim()}"); list the tasks again and retry the update.`,
        );
      }
      applied = applyTaskUpdate(feature, current.text, { ...valid, line });
      anchor.line = line;
    }
    throw new TaskConflictError(feature, valid.taskId, `${path} kept changing while updating ${valid.taskId} (${MAX_UPDATE_ATTEMPTS} attempts); try again in a moment.`);
  }, options.locks);
}

async function readCurrent(absolute: string, path: string): Promise<CurrentFile | null> {
  const file = await readGuardedFile(absolute, (fault) => tasksFileFault(fault, path), MAX_TASKS_FILE_BYTES);
  if (!file) return null;
  const decoded = decodeNoteBytes(file.bytes);
  if (!decoded.ok) throw new SpecKitError('TASKS_FILE_UNREADABLE', `${path} cannot be read: ${decoded.reason}.`);
  return { ...file, text: decoded.text, hasBom: decoded.hasBom };
}

/** A missing folder on the way means there is no tasks.md: `missingError` says which part is missing. */
function tasksFileFault(fault: GuardedReadFault, path: string): SpecKitError | null {
  if (fault.kind === 'folder') return new SpecKitError('TASKS_FILE_UNREADABLE', `${path} is a folder; Spec-Kit keeps the task list in a file of that name.`);
  if (fault.kind === 'too-large') {
    return new SpecKitError('TASKS_FILE_UNREADABLE', `${path} is ${fault.size} bytes, more than a task list can be (${MAX_TASKS_FILE_BYTES}); check that it is the right file.`);
  }
  if (fault.code === 'ENOTDIR') return null;
  if (fault.code === 'ELOOP') return new SpecKitError('TASKS_FILE_UNREADABLE', `${path} was replaced by a symbolic link; make it a plain file and retry.`);
  return new SpecKitError('TASKS_FILE_UNREADABLE', `${path} cannot be opened (${fault.code ?? (fault.error as Error).message}); check its permissions.`, { cause: fault.error });
}

async function missingError(vaultRoot: string, feature: string): Promise<SpecKitError> {
  const folder = await resolveInVault(vaultRoot, `${SPECS_FOLDER}/${feature}`);
  const isFolder = await stat(folder).then((info) => info.isDirectory(), () => false);
  if (isFolder) {
    return new SpecKitError('TASKS_FILE_NOT_FOUND', `Feature ${feature} has no ${TASKS_FILE_NAME} yet; generate it with Spec-Kit's /speckit.tasks, then retry.`);
  }
  const features = await listVaultFeatures(vaultRoot).catch(() => []);
  const known = features.length > 0 ? `features in this vault: ${features.join(', ')}` : 'this vault has no features under specs/';
  return new SpecKitError('FEATURE_NOT_FOUND', `There is no feature ${feature} (${known}); pass one of those names.`);
}
