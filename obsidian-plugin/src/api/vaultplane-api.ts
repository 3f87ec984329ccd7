import type { PodsQuery } from '../core/block-query';
import type { LogEnd, LogLine, OrchestratorEvent, PodRow, SearchHit, ServerHealth, SpecTask } from './api-types';

// What views and blocks need from the server. VaultplaneClient implements it over HTTP; the
// renderers take this interface so they can be mounted anywhere.

export type FeedState =
  | { status: 'connecting' }
  | { status: 'live' }
  | { status: 'polling'; everySeconds: number }
  | { status: 'reconnecting'; inMs: number; error: string };

export type FeedMessage =
  | { kind: 'event'; event: OrchestratorEvent }
  /** Something may have changed unseen (first connect, a reconnect, a poll tick): read again. */
  | { kind: 'resync' }
  | { kind: 'state'; state: FeedState };

export interface LogSink {
  line(line: LogLine): void;
  end(end: LogEnd): void;
}

export interface TaskToggle {
  feature: string;
  taskId: string;
  done: boolean;
  /** 1-based; picks one of two tasks sharing an id. */
  line?: number;
}

export interface VaultplaneApi {
  /** The namespace blocks use when they name none ('' for all). */
  readonly defaultNamespace: string;
  health(): Promise<ServerHealth>;
  listPods(filter?: PodsQuery): Promise<PodRow[]>;
  evict(podId: string, reason?: string): Promise<PodRow>;
  /** Runs the `workload:` block of a vault note (vault-relative path). */
  scheduleFromNote(path: string): Promise<PodRow>;
  /** Rejects with a 'not-found' ApiError naming the features there are when `feature` has no tasks.md. */
  listTasks(feature: string, filter?: { status?: 'open' | 'done'; phase?: number }): Promise<SpecTask[]>;
  setTaskDone(toggle: TaskToggle): Promise<void>;
  searchNotes(query: string, limit?: number): Promise<SearchHit[]>;
  /** Pod and task changes as they happen, and the feed's state (sent at once). Returns unsubscribe. */
  watch(listener: (message: FeedMessage) => void): () => void;
  /** Streams a pod's logs (history, then new lines); returns stop. */
  followLogs(podId: string, options: { tail?: number }, sink: LogSink): () => void;
}
