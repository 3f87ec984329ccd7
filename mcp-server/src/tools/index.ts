import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerAppendToNoteTool } from './append-to-note';
import { registerIndexStatusTool } from './index-status';
import { registerListNotesTool } from './list-notes';
import { registerReadNoteTool } from './read-note';
import { registerSearchNotesTool } from './search-notes';
import { registerEvictWorkloadTool } from './evict-workload';
import { registerListPodsTool } from './list-pods';
import { registerListTasksTool } from './list-tasks';
import { registerNodeHealthTool } from './node-health';
import { registerPodLogsTool } from './pod-logs';
import { registerScheduleWorkloadTool } from './schedule-workload';
import type { ToolDeps } from './tool-deps';
import { registerUpdateTaskTool } from './update-task';
import { registerWriteNoteTool } from './write-note';

export interface ToolOptions {
  /** Drops every tool that changes anything. */
  readOnly?: boolean;
}

export function registerTools(server: McpServer, deps: ToolDeps, options: ToolOptions = {}): void {
  registerSearchNotesTool(server, deps);
  registerReadNoteTool(server, deps);
  registerListNotesTool(server, deps);
  registerIndexStatusTool(server, deps);
  registerListTasksTool(server, deps);
  const workloadDeps = deps.orchestrator ? { ...deps, orchestrator: deps.orchestrator } : undefined;
  if (workloadDeps) {
    registerListPodsTool(server, workloadDeps);
    registerPodLogsTool(server, workloadDeps);
    registerNodeHealthTool(server, workloadDeps);
  }
  if (!options.readOnly) {
    registerWriteNoteTool(server, deps);
    registerAppendToNoteTool(server, deps);
    registerUpdateTaskTool(server, deps);
    if (workloadDeps) {
      registerScheduleWorkloadTool(server, workloadDeps);
      registerEvictWorkloadTool(server, workloadDeps);
    }
  }
}
