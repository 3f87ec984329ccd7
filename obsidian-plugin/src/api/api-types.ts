import type { Health, OrchestratorEvent, Pod } from '@vaultplane/orchestrator';
// Type-only, as DESIGN.md allows: the MCP tools' result shapes come from the server's own types.
import type { SearchHit as HybridSearchHit } from '../../../mcp-server/src/search/hybrid-search';
import type { SpecTask as ParsedSpecTask } from '../../../mcp-server/src/speckit/task-parser';

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

/** One Spec-Kit task as `list_tasks` returns it (the parser's task, without continuation lines). */
export type SpecTask = Omit<ParsedSpecTask, 'continuation'> & { vault: string };

/** One `search_notes` hit. */
export type SearchHit = HybridSearchHit & { vault: string };

/** A `log` event of GET /pods/:id/logs. */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** How a log stream ended: `end` (done, stopped, limit) or the server's error. */
export type LogEnd = { reason: string } | { error: string };
