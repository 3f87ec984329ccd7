import { MarkdownView, Notice, type App, type Plugin } from 'obsidian';
import { describeError } from '../api/api-error';
import type { VaultplaneApi } from '../api/vaultplane-api';
import { taskAtCursor } from '../core/task-line';
import { EvictModal } from './evict-modal';
import { SearchModal } from './search-modal';

export interface CommandHost {
  app: App;
  api: VaultplaneApi;
  openPodsView(): Promise<void>;
  openNodeHealth(): void;
}

export function registerCommands(plugin: Plugin, host: CommandHost): void {
  const { app, api } = host;

  plugin.addCommand({
    id: 'schedule-note-workload',
    name: 'Schedule the workload in this note',
    checkCallback: (checking) => {
      const file = app.workspace.getActiveFile();
      const declares = file !== null && app.metadataCache.getFileCache(file)?.frontmatter?.workload !== undefined;
      if (checking || file === null) return declares;
      if (!declares) return false;
      api.scheduleFromNote(file.path).then(
        (pod) => new Notice(`Scheduled ${pod.id} (${pod.status})`),
        (error: unknown) => new Notice(`Could not schedule ${file.path}: ${describeError(error)}`),
      );
      return true;
    },
  });

  plugin.addCommand({ id: 'evict-workload', name: 'Evict a workload', callback: () => new EvictModal(app, api).open() });
  plugin.addCommand({ id: 'open-pods-view', name: 'Open the pods view', callback: () => void host.openPodsView() });
  plugin.addCommand({ id: 'search-vault', name: 'Search the vault', callback: () => new SearchModal(app, api).open() });
  plugin.addCommand({ id: 'show-node-health', name: 'Show node health', callback: () => host.openNodeHealth() });

  plugin.addCommand({
    id: 'toggle-task-at-cursor',
    name: 'Toggle the Spec-Kit task at the cursor',
    editorCheckCallback: (checking, editor, ctx) => {
      const file = ctx.file;
      if (file === null) return false;
      const cursor = editor.getCursor();
      const task = taskAtCursor(file.path, editor.getLine(cursor.line), cursor.line);
      if (checking) return !('error' in task);
      if ('error' in task) {
        new Notice(task.error);
        return false;
      }
      // The server edits tasks.md (one line, conflict-checked); save what is typed first.
      const save = ctx instanceof MarkdownView ? ctx.save() : Promise.resolve();
      save
        .then(() => api.setTaskDone({ feature: task.feature, taskId: task.taskId, done: !task.done, line: task.line }))
        .then(
          () => new Notice(`${task.taskId} ${task.done ? 'reopened' : 'done'}`),
          (error: unknown) => new Notice(`Could not toggle ${task.taskId}: ${describeError(error)}`),
        );
      return true;
    },
  });
}
