import { describe, expect, it } from 'vitest';
import type { Health, ServerHealth } from '../obsidian-plugin/src/api/api-types';
import { healthRows, statusSummary } from '../obsidian-plugin/src/core/health-summary';
import { degradedHealthDocument, healthDocument } from '../orchestrator/src/peers/peer-directory-fixtures';

// The plugin's reading of GET /health, fed the orchestrator's recorded answer (the plugin itself
// may share only types with the orchestrator, so this cross-part test lives here). The client
// takes the body as ServerHealth the same way, unchecked beyond its version.
const node = healthDocument('box', { cpu: 2, memoryMb: 24576, reservedCpu: 0.5, reservedMemoryMb: 128, pods: 3 }) as unknown as Health;
const healthy: ServerHealth = { status: 'ok', version: '0.1.0', node };

describe('statusSummary', () => {
  it('shows pods and free capacity when all is well', () => {
    expect(statusSummary(healthy)).toEqual({ level: 'ok', text: 'vaultplane: 3 pods · 1.5/2 CPU, 23.9 GiB/24 GiB free', tooltip: 'vaultplane 0.1.0 on box; Docker 20.10.24+dfsg1' });
  });

  it('is red when the server does not answer and amber without Docker', () => {
    expect(statusSummary({ unreachable: 'ECONNREFUSED' })).toMatchObject({ level: 'down', text: 'vaultplane: unreachable', tooltip: 'ECONNREFUSED' });
    const noEngine: ServerHealth = { ...healthy, node: degradedHealthDocument('box', 'start dockerd') as unknown as Health };
    expect(statusSummary(noEngine)).toMatchObject({ level: 'warn', text: 'vaultplane: no Docker', tooltip: 'Workloads cannot run: start dockerd' });
  });
});

describe('healthRows', () => {
  it('lists engine, capacity, disk and pods', () => {
    expect(Object.fromEntries(healthRows(healthy))).toMatchObject({
      Server: 'vaultplane 0.1.0 (ok)',
      'Docker engine': '20.10.24+dfsg1 at unix:///var/run/docker.sock',
      CPU: '1.5 of 2 cores free (0.5 reserved)',
      Memory: '23.9 GiB of 24 GiB free (128 MiB reserved)',
      Disk: '75.2 GiB of 252 GiB free at /tmp/vp-rec-R1GPod',
      Pods: '3',
    });
  });
});
