import type { App, Command, Editor, MarkdownFileInfo, Plugin } from 'obsidian';
import { beforeEach, describe, expect, it } from 'vitest';
import { noticesShown } from '../../test-support/obsidian-stand-in';
import type { TaskToggle, VaultplaneApi } from '../api/vaultplane-api';
import { registerCommands } from './commands';

// The commands against the obsidian stand-in: which are offered where, and what they ask of
// the server. The server side is a recording API object, since the real one is tested in
// test/obsidian-client.test.ts.

const TASKS = ['# Tasks', '', '- [ ] T001 first', '- [x] T002 [P] second', 'prose'];

function setup(frontmatter: Record<string, unknown> | undefined) {
  const commands = new Map<string, Command>();
  const toggles: TaskToggle[] = [];
  const scheduled: string[] = [];
  const plugin = { addCommand: (command: Command) => commands.set(command.id, command) } as unknown as Plugin;
  const file = { path: 'workloads/runner.md' };
  const app = {
    workspace: { getActiveFile: () => file },
    metadataCache: { getFileCache: () => (frontmatter === undefined ? {} : { frontmatter }) },
  } as unknown as App;
  const api = {
    setTaskDone: (toggle: TaskToggle) => {
      toggles.push(toggle);
      return Promise.resolve();
    },
    scheduleFromNote: (path: string) => {
      scheduled.push(path);
      return Promise.resolve({ id: 'runner-abc', status: 'running' });
    },
  } as unknown as VaultplaneApi;
  registerCommands(plugin, { app, api, openPodsView: () => Promise.resolve(), openNodeHealth: () => undefined });
  return { commands, toggles, scheduled };
}

function editorAt(line: number): Editor {
  return { getCursor: () => ({ line, ch: 0 }), getLine: (n: number) => TASKS[n] ?? '' } as unknown as Editor;
}

const inFile = (path: string) => ({ file: { path } }) as unknown as MarkdownFileInfo;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  noticesShown.length = 0;
});

describe('plugin commands (obsidian stand-in)', () => {
  it('registers the six commands under ids without the plugin name', () => {
    expect([...setup(undefined).commands.keys()].sort()).toEqual([
      'evict-workload',
      'open-pods-view',
      'schedule-note-workload',
      'search-vault',
      'show-node-health',
      'toggle-task-at-cursor',
    ]);
  });

  it('offers "toggle task" only on a task line of a tasks.md, and flips that task by line', async () => {
    const { commands, toggles } = setup(undefined);
    const toggle = commands.get('toggle-task-at-cursor')!.editorCheckCallback!;
    expect(toggle(true, editorAt(2), inFile('specs/001-example/tasks.md'))).toBe(true);
    expect(toggle(true, editorAt(4), inFile('specs/001-example/tasks.md'))).toBe(false);
    expect(toggle(true, editorAt(2), inFile('notes/todo.md'))).toBe(false);

    toggle(false, editorAt(3), inFile('specs/001-example/tasks.md'));
    await settle();
    expect(toggles).toEqual([{ feature: '001-example', taskId: 'T002', done: false, line: 4 }]);
    expect(noticesShown).toEqual(['T002 reopened']);
  });

  it('offers "schedule" only for a note with a workload block, and schedules that note', async () => {
    expect(setup(undefined).commands.get('schedule-note-workload')!.checkCallback!(true)).toBe(false);
    const { commands, scheduled } = setup({ workload: { image: 'busybox' } });
    const schedule = commands.get('schedule-note-workload')!.checkCallback!;
    expect(schedule(true)).toBe(true);
    schedule(false);
    await settle();
    expect(scheduled).toEqual(['workloads/runner.md']);
    expect(noticesShown).toEqual(['Scheduled runner-abc (running)']);
  });
});
