import type { ServerHealth } from '../api/api-types';
import { formatCapacity, formatMemoryMb } from './format';

// What the status bar and the node health modal say about GET /health. Pure.

export interface StatusSummary {
  level: 'ok' | 'warn' | 'down';
  text: string;
  tooltip: string;
}

export function statusSummary(health: ServerHealth | { unreachable: string }): StatusSummary {
  if ('unreachable' in health) return { level: 'down', text: 'vaultplane: unreachable', tooltip: health.unreachable };
  const node = health.node;
  if (health.status !== 'ok' || node === undefined) {
    return { level: 'warn', text: 'vaultplane: unhealthy', tooltip: health.error ?? 'The server reports no node health' };
  }
  if (!node.engine.reachable || node.capacity === null) {
    const reason = node.engine.reachable ? 'no capacity reported' : node.engine.reason;
    return { level: 'warn', text: 'vaultplane: no Docker', tooltip: `Workloads cannot run: ${reason}` };
  }
  const capacity = node.capacity;
  return {
    level: 'ok',
    text: `vaultplane: ${node.pods ?? 0} pods · ${formatCapacity(capacity.available, capacity.total)}`,
    tooltip: `vaultplane ${health.version} on ${capacity.node}; Docker ${node.engine.version}`,
  };
}

/** Label and value rows for the node health modal. */
export function healthRows(health: ServerHealth): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['Server', `vaultplane ${health.version} (${health.status})`],
  ];
  const node = health.node;
  if (node === undefined) return [...rows, ['Node', health.error ?? 'not reported']];
  rows.push(['Node', `${node.node ?? 'unknown'} (${node.status})`]);
  rows.push(['Docker engine', node.engine.reachable ? `${node.engine.version} at ${node.engine.endpoint}` : `unreachable: ${node.engine.reason}`]);
  if (node.capacity !== null) {
    const { total, reserved, available, disk } = node.capacity;
    rows.push(['CPU', `${available.cpu} of ${total.cpu} cores free (${reserved.cpu} reserved)`]);
    rows.push(['Memory', `${formatMemoryMb(available.memoryMb)} of ${formatMemoryMb(total.memoryMb)} free (${formatMemoryMb(reserved.memoryMb)} reserved)`]);
    rows.push(['GPUs', `${available.gpus} of ${total.gpus} free`]);
    if (disk !== undefined) rows.push(['Disk', `${formatMemoryMb(disk.freeBytes / 2 ** 20)} of ${formatMemoryMb(disk.totalBytes / 2 ** 20)} free at ${disk.path}`]);
  }
  rows.push(['Pods', String(node.pods ?? 'unknown')]);
  if (node.namespaces.length > 0) rows.push(['Namespaces', node.namespaces.join(', ')]);
  return rows;
}
