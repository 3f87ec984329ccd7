import { describe, expect, it } from 'vitest';
import { degradedHealthDocument, healthDocument, RECORDED_HEALTH } from './peer-directory-fixtures';
import { readPeerHealth } from './peer-directory-health';
import { peerSchedulableNode } from './peer-directory-node';
import { MIB } from '../scheduling/resources';
import { Scheduler } from '../scheduling/scheduler';

describe('reading a peer health document', () => {
  it('reads the capacity of a recorded real /health answer', () => {
    const reading = readPeerHealth('bravo', JSON.parse(JSON.stringify(RECORDED_HEALTH)));
    expect(reading).toMatchObject({ ok: true, node: 'bravo' });
    if (!reading.ok) throw new Error(reading.reason);
    expect(reading.capacity.total).toEqual({ cpu: 2, memoryMb: 24105, gpus: 0 });
    expect(reading.capacity.disk?.freeBytes).toBe(80795246592);
  });

  it('accepts a peer without disk information and keeps its disk error', () => {
    const document = healthDocument('charlie', { cpu: 8, memoryMb: 4096 }) as { capacity: Record<string, unknown> };
    delete document.capacity.disk;
    document.capacity.diskError = 'data dir not readable';
    const reading = readPeerHealth('charlie', document);
    expect(reading.ok && reading.capacity.diskError).toBe('data dir not readable');
    expect(reading.ok && reading.capacity.disk).toBeUndefined();
  });

  it('calls a peer whose engine is down unavailable, with the engine reason', () => {
    const reading = readPeerHealth('delta', degradedHealthDocument('delta', 'Docker is not running; start it'));
    expect(reading).toEqual({ ok: false, reason: "peer 'delta' is degraded and cannot reach its container engine: Docker is not running; start it" });
  });

  it('names the peer and the bad field when the answer is not a health document', () => {
    const reading = readPeerHealth('echo', { status: 'ok', engine: { reachable: true }, capacity: { node: 'echo', total: { cpu: 'many' } } });
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.reason).toContain("peer 'echo' answered /health with something that is not an orchestrator health document");
    expect(reading.reason).toContain('capacity.total.cpu');
    expect(readPeerHealth('echo', '<html>').ok).toBe(false);
    expect(readPeerHealth('echo', null).ok).toBe(false);
  });
});

describe('a peer as a scheduler node', () => {
  it('offers what the peer reports free, under its node name, with its pod count', () => {
    const reading = readPeerHealth('b', healthDocument('bravo', { cpu: 4, memoryMb: 2048, reservedCpu: 1.5, reservedMemoryMb: 512, pods: 3 }));
    if (!reading.ok) throw new Error(reading.reason);
    const node = peerSchedulableNode(reading.capacity, reading.node);
    expect(node).toMatchObject({
      name: 'bravo',
      ready: true,
      capacity: { cpu: 4, memoryBytes: 2048 * MIB, gpus: 0 },
      allocated: { cpu: 1.5, memoryBytes: 512 * MIB, gpus: 0 },
      pods: 3,
    });
  });

  it('lets the scheduler pick the peer with room and refuse one without', () => {
    const read = (node: string, cpu: number, reservedCpu: number) => {
      const reading = readPeerHealth(node, healthDocument(node, { cpu, memoryMb: 4096, reservedCpu }));
      if (!reading.ok) throw new Error(reading.reason);
      return peerSchedulableNode(reading.capacity, reading.node);
    };
    const decision = new Scheduler().schedule([read('bravo', 4, 3.5), read('charlie', 4, 1)], { resources: { cpu: 2, memoryBytes: 256 * MIB, gpus: 0 } });
    expect(decision).toMatchObject({ kind: 'placed', node: 'charlie' });
  });
});
