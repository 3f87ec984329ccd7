// Health documents for tests. RECORDED_HEALTH is a real answer of `GET /health` from an
// orchestrator (createOrchestrator + startStandaloneServer, node name 'bravo', Docker 20.10 on a
// 2-core machine), recorded once; healthDocument() varies its node and capacity.

export const RECORDED_HEALTH = Object.freeze({
  status: 'ok',
  node: 'bravo',
  engine: { reachable: true, endpoint: 'unix:///var/run/docker.sock', version: '20.10.24+dfsg1', apiVersion: '1.41', os: 'linux', arch: 'amd64' },
  capacity: {
    node: 'bravo',
    total: { cpu: 2, memoryMb: 24105, gpus: 0 },
    reserved: { cpu: 0, memoryMb: 0, gpus: 0 },
    available: { cpu: 2, memoryMb: 24105, gpus: 0 },
    pods: 0,
    gpuDevices: [],
    disk: { path: '/tmp/vp-rec-R1GPod', freeBytes: 80795246592, totalBytes: 270553174016 },
  },
  pods: 0,
  namespaces: ['default'],
});

/** The recorded shape with the same status and engine, as `node` with this capacity. */
export function healthDocument(node: string, capacity: { cpu: number; memoryMb: number; reservedCpu?: number; reservedMemoryMb?: number; pods?: number }): Record<string, unknown> {
  const reserved = { cpu: capacity.reservedCpu ?? 0, memoryMb: capacity.reservedMemoryMb ?? 0, gpus: 0 };
  return {
    ...RECORDED_HEALTH,
    node,
    capacity: {
      ...RECORDED_HEALTH.capacity,
      node,
      total: { cpu: capacity.cpu, memoryMb: capacity.memoryMb, gpus: 0 },
      reserved,
      available: { cpu: capacity.cpu - reserved.cpu, memoryMb: capacity.memoryMb - reserved.memoryMb, gpus: 0 },
      pods: capacity.pods ?? 0,
    },
    pods: capacity.pods ?? 0,
  };
}

/** What an orchestrator whose engine is down answers (Health with status 'degraded'). */
export function degradedHealthDocument(node: string, reason: string): Record<string, unknown> {
  return {
    status: 'degraded',
    node,
    engine: { reachable: false, endpoint: 'unix:///var/run/docker.sock', reason },
    capacity: null,
    pods: null,
    namespaces: ['default'],
  };
}
