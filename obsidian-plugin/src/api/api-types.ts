import type { Health, OrchestratorEvent, Pod } from '@vaultplane/orchestrator';

// Shapes the server sends, as types only (the plugin shares no runtime code with the server).

export type { Health, OrchestratorEvent, Pod };

/** The pod fields every source gives (GET /pods sends more; schedule_workload sends these). */
export type PodRow = Pick<Pod, 'id' | 'name' | 'status' | 'image' | 'node' | 'namespace' | 'task' | 'createdAt' | 'exitCode' | 'expiresAt' | 'resources'>;

/** GET /health on `vaultplane serve`: the server's own fields plus the node's health. */
export interface ServerHealth {
  status: 'ok' | 'error';
  version: string;
  node?: Health;
  error?: string;
}

/** One Spec-Kit task as `list_tasks` returns it. */
export interface SpecTask {
  feature: string;
  id: string;
  done: boolean;
  parallel: boolean;
  story: string | null;
  phase: number | null;
  description: string;
  line: number;
}

/** One `search_notes` hit. */
export interface SearchHit {
  path: string;
  heading: string;
  title: string;
  snippet: string;
  score: number;
  startLine: number;
  endLine: number;
  snippetLine: number;
}

/** A `log` event of GET /pods/:id/logs. */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** How a log stream ended: `end` (done, stopped, limit) or the server's error. */
export type LogEnd = { reason: string } | { error: string };
