import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VaultPathError } from '../vault/vault-errors';
import { SpecKitError, TaskConflictError } from './speckit-errors';
import { listVaultFeatures, readAllFeatureTasks, readFeatureTasks, updateTask } from './tasks-file-store';

const TEMPLATE_VAULT = resolve(import.meta.dirname, '../../../vault-template');
const TASKS = 'specs/001-example/tasks.md';

let parent: string;
let vault: string;
let original: string;

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'vaultplane-speckit-'));
  vault = join(parent, 'vault');
  await cp(TEMPLATE_VAULT, vault, { recursive: true });
  original = await readFile(join(vault, TASKS), 'utf8');
});

afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

const readTasks = () => readFile(join(vault, TASKS), 'utf8');

describe('updateTask', () => {
  it('ticks a task in the real template file and changes nothing else', async () => {
    const result = await updateTask(vault, '001-example', { taskId: 'T012', done: true });
    expect(result).toMatchObject({ feature: '001-example', path: TASKS, changed: true, task: { id: 'T012', done: true, story: 'US2', phase: 4 } });
    const after = await readTasks();
    expect(after).toBe(original.replace('- [ ] T012 ', '- [x] T012 '));
  });

  it('ticks and adds a note in one write', async () => {
    const result = await updateTask(vault, '001-example', { taskId: 'T006', done: true, note: 'policy test passed' });
    expect(result.task.continuation).toEqual(['and record every decision in the audit log, in orchestrator/src/policy/policy-decision.ts', '- policy test passed']);
    const after = await readTasks();
    expect(after).toBe(
      original
        .replace('- [ ] T006 ', '- [x] T006 ')
        .replace('in orchestrator/src/policy/policy-decision.ts\n', 'in orchestrator/src/policy/policy-decision.ts\n  - policy test passed\n'),
    );
  });

  it('leaves the file untouched when the task already has that state', async () => {
    const before = await stat(join(vault, TASKS));
    const result = await updateTask(vault, '001-example', { taskId: 'T001', done: true });
    expect(result.changed).toBe(false);
    expect(await readTasks()).toBe(original);
    expect((await stat(join(vault, TASKS))).mtimeMs).toBe(before.mtimeMs);
  });

  it('keeps a BOM, CRLF endings, a missing final newline and the file mode', async () => {
    const text = '\uFEFF## Phase 1: Setup\r\n\r\n- [ ] T001 a\r\n- [ ] T002 b';
    await writeFile(join(vault, TASKS), text);
    await chmod(join(vault, TASKS), 0o640);
    await updateTask(vault, '001-example', { taskId: 'T002', done: true, note: 'done' });
    expect(await readTasks()).toBe('\uFEFF## Phase 1: Setup\r\n\r\n- [ ] T001 a\r\n- [x] T002 b\r\n  - done');
    expect((await stat(join(vault, TASKS))).mode & 0o777).toBe(0o640);
  });

  it('re-applies the update when someone saved another line in between', async () => {
    let saved = false;
    const result = await updateTask(
      vault,
      '001-example',
      { taskId: 'T013', done: true },
      {
        beforeCommit: async (absolute) => {
          if (saved) return;
          saved = true;
          // A person adds a line above the task in Obsidian while the update is in flight.
          await writeFile(absolute, original.replace('## Phase 1:', 'A new line from Obsidian\n\n## Phase 1:'));
        },
      },
    );
    const after = await readTasks();
    expect(after).toBe(original.replace('## Phase 1:', 'A new line from Obsidian\n\n## Phase 1:').replace('- [ ] T013 ', '- [x] T013 '));
    expect(result.task.line).toBe(original.split('\n').findIndex((line) => line.includes(' T013 ')) + 1 + 2);
  });

  it('refuses when the task line itself was edited in between, and keeps that edit', async () => {
    const edited = original.replace('- [ ] T013 [US2] Stream', '- [ ] T013 [US2] Really stream');
    const attempt = updateTask(vault, '001-example', { taskId: 'T013', done: true }, { beforeCommit: (absolute) => writeFile(absolute, edited) });
    await expect(attempt).rejects.toBeInstanceOf(TaskConflictError);
    await expect(attempt).rejects.toThrow(/list the tasks again and retry/);
    expect(await readTasks()).toBe(edited);
    expect((await readdir(join(vault, 'specs/001-example'))).filter((name) => name.includes('vaultplane-tmp'))).toEqual([]);
  });

  it('picks one of two tasks with the same id by line, and refuses without it', async () => {
    await writeFile(join(vault, TASKS), '- [ ] T001 a\n- [ ] T001 b\n');
    await expect(updateTask(vault, '001-example', { taskId: 'T001', done: true })).rejects.toMatchObject({ code: 'TASK_AMBIGUOUS', lines: [1, 2] });
    await updateTask(vault, '001-example', { taskId: 'T001', line: 2, done: true });
    expect(await readTasks()).toBe('- [ ] T001 a\n- [x] T001 b\n');
  });

  it('refuses feature names that are not features, and says which features exist', async () => {
    await expect(updateTask(vault, '../../etc', { taskId: 'T001', done: true })).rejects.toMatchObject({ code: 'FEATURE_INVALID' });
    await expect(updateTask(vault, '002-missing', { taskId: 'T001', done: true })).rejects.toThrow('features in this vault: 001-example');
    await mkdir(join(vault, 'specs/002-empty'));
    await expect(updateTask(vault, '002-empty', { taskId: 'T001', done: true })).rejects.toMatchObject({ code: 'TASKS_FILE_NOT_FOUND' });
  });

  it('refuses a tasks.md that is a link to a file outside the vault', async () => {
    const outside = join(parent, 'outside.md');
    await writeFile(outside, '- [ ] T001 secret\n');
    await rm(join(vault, TASKS));
    await symlink(outside, join(vault, TASKS));
    await expect(updateTask(vault, '001-example', { taskId: 'T001', done: true })).rejects.toBeInstanceOf(VaultPathError);
    expect(await readFile(outside, 'utf8')).toBe('- [ ] T001 secret\n');
  });

  it('refuses an unknown task id with nearby ids and writes nothing', async () => {
    await expect(updateTask(vault, '001-example', { taskId: 'T019', done: true })).rejects.toThrow('nearby ids: T013, T014, T015, T016, T017, T018');
    await expect(updateTask(vault, '001-example', { taskId: 'T001' })).rejects.toBeInstanceOf(SpecKitError);
    expect(await readTasks()).toBe(original);
  });
});

describe('reading features', () => {
  it('lists features and reads their tasks', async () => {
    await mkdir(join(vault, 'specs/002-second'));
    await writeFile(join(vault, 'specs/002-second/tasks.md'), '## Phase 1: Only\n- [x] T001 [P] [US1] Ein Test\n');
    await mkdir(join(vault, 'specs/003-no-tasks-yet'));
    await writeFile(join(vault, 'specs/README.md'), 'not a feature');

    expect(await listVaultFeatures(vault)).toEqual(['001-example', '002-second', '003-no-tasks-yet']);
    const second = await readFeatureTasks(vault, '002-second');
    expect(second.tasks).toEqual([
      { feature: '002-second', id: 'T001', done: true, parallel: true, story: 'US1', phase: 1, description: 'Ein Test', line: 2, continuation: [], dependsOn: [] },
    ]);
    const all = await readAllFeatureTasks(vault);
    expect(all.map((entry) => [entry.feature, entry.tasks.length])).toEqual([
      ['001-example', 19],
      ['002-second', 1],
    ]);
  });

  it('gives no features for a vault without specs/', async () => {
    await rm(join(vault, 'specs'), { recursive: true });
    expect(await listVaultFeatures(vault)).toEqual([]);
    expect(await readAllFeatureTasks(vault)).toEqual([]);
  });
});
