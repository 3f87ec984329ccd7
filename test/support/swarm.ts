import { testDockerClient } from './docker';

// Swarm mode for a test file, on the shared engine: initialised here only when the engine is in
// no swarm, and left again only by whoever initialised it. A swarm already there belongs to
// someone else, unless its node carries our owner label with a process id that no longer runs
// (our own crashed run): that one we take over and leave at the end.

const OWNER_LABEL = 'vaultplane.test.swarm-owner';

export interface TestSwarm {
  /** True when this process initialised (or took over) the swarm and must leave it. */
  owned: boolean;
  nodeId: string;
}

interface SwarmInfo {
  Name: string;
  Swarm: { LocalNodeState: string; ControlAvailable: boolean; NodeID: string };
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function joinTestSwarm(): Promise<TestSwarm> {
  const client = testDockerClient();
  let info = (await client.info()) as SwarmInfo;
  let owned = false;
  if (info.Swarm.LocalNodeState === 'active') {
    if (!info.Swarm.ControlAvailable) throw new Error('The test engine is a Swarm worker; the Swarm tests need a manager (or no swarm at all).');
    const node = (await client.getNode(info.Swarm.NodeID).inspect()) as { Spec: { Labels?: Record<string, string> } };
    const owner = Number(node.Spec.Labels?.[OWNER_LABEL]);
    owned = Number.isInteger(owner) && owner > 0 && !processRuns(owner);
  } else {
    // As `docker swarm init --advertise-addr 127.0.0.1`.
    await client.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
    info = (await client.info()) as SwarmInfo;
    owned = true;
  }
  if (owned) await labelOwner(info.Swarm.NodeID, String(process.pid));
  return { owned, nodeId: info.Swarm.NodeID };
}

async function labelOwner(nodeId: string, pid: string): Promise<void> {
  const node = testDockerClient().getNode(nodeId);
  const current = (await node.inspect()) as { Version: { Index: number }; Spec: { Labels?: Record<string, string> } & Record<string, unknown> };
  await node.update({ _query: { version: current.Version.Index }, _body: { ...current.Spec, Labels: { ...current.Spec.Labels, [OWNER_LABEL]: pid } } });
}

/** `docker swarm leave --force`, then the docker_gwbridge network Swarm made, if nothing uses it. */
export async function leaveTestSwarm(swarm: TestSwarm): Promise<void> {
  if (!swarm.owned) return;
  const client = testDockerClient();
  const state = ((await client.info()) as SwarmInfo).Swarm.LocalNodeState;
  if (state === 'active') await client.swarmLeave({ force: true });
  const bridge = client.getNetwork('docker_gwbridge');
  const inspected = (await bridge.inspect().catch(() => undefined)) as { Containers?: Record<string, unknown> } | undefined;
  if (inspected !== undefined && Object.keys(inspected.Containers ?? {}).length === 0) {
    await bridge.remove().catch(() => undefined);
  }
}
