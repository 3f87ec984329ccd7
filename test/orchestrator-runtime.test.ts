import { existsSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import {
  ContainerNameConflictError,
  ContainerNotFoundError,
  DockerRuntime,
  EngineRequestError,
  ImageNotFoundError,
  type ContainerEvent,
  type ContainerSpec,
  type LogChunk,
} from '../orchestrator/src/index';
import { TEST_IMAGE, TEST_LABEL, containersLabelled, describeWithDocker, removeContainersLabelled, testDockerClient } from './support/docker';

// The workload half of the ContainerRuntime port, against the real engine.
const run = `orch-runtime-${process.pid}-${Date.now()}`;
const labels = { [TEST_LABEL]: run };
const network = `vp-test-${process.pid}-${Date.now()}`;
let counter = 0;
const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;

const spec = (overrides: Partial<ContainerSpec> = {}): ContainerSpec => ({
  image: TEST_IMAGE,
  name: uniqueName('rt'),
  command: ['sleep', '60'],
  labels,
  ...overrides,
});

async function collect(chunks: AsyncIterable<LogChunk>): Promise<{ stdout: string; stderr: string; bytes: number }> {
  const out = { stdout: '', stderr: '', bytes: 0 };
  for await (const chunk of chunks) {
    out[chunk.stream] += chunk.data.toString('utf8');
    out.bytes += chunk.data.length;
  }
  return out;
}

describeWithDocker('DockerRuntime workloads against the real engine', () => {
  const runtime = new DockerRuntime();

  afterAll(async () => {
    await removeContainersLabelled(TEST_LABEL, run);
    await testDockerClient()
      .getNetwork(network)
      .remove()
      .catch(() => undefined);
  });

  it('creates and starts a container with cpu and memory limits, env, working dir and labels, then stops and removes it', async () => {
    const { id } = await runtime.createContainer(
      spec({ cpu: 0.5, memoryBytes: 64 * 1024 * 1024, env: { GREETING: 'hi' }, workingDir: '/tmp', labels: { ...labels, 'vaultplane.workload': 'w1' } }),
    );
    await runtime.startContainer(id);

    const details = await runtime.inspectContainer(id);
    expect(details).toMatchObject({ state: 'running', cpu: 0.5, memoryBytes: 64 * 1024 * 1024, image: TEST_IMAGE, exitCode: undefined });
    expect(details.labels).toMatchObject({ 'vaultplane.workload': 'w1', [TEST_LABEL]: run });
    const raw = await testDockerClient().getContainer(id).inspect();
    expect(raw.Config.Env).toContain('GREETING=hi');
    expect(raw.Config.WorkingDir).toBe('/tmp');
    expect(raw.HostConfig.RestartPolicy?.Name).toBe('no');

    const listed = await runtime.listContainers({ labels: { [TEST_LABEL]: run, 'vaultplane.workload': 'w1' } });
    expect(listed.map((c) => [c.id, c.state])).toEqual([[id, 'running']]);

    await runtime.stopContainer(id, { graceSeconds: 0 });
    await runtime.stopContainer(id, { graceSeconds: 0 }); // stopping twice is fine
    expect((await runtime.inspectContainer(id)).state).toBe('exited');
    await runtime.removeContainer(id);
    await expect(runtime.inspectContainer(id)).rejects.toBeInstanceOf(ContainerNotFoundError);
    await expect(runtime.removeContainer(id)).rejects.toBeInstanceOf(ContainerNotFoundError);
  });

  it('creates the private network on demand; containers on it reach each other by name', async () => {
    const serverName = uniqueName('web');
    const server = await runtime.createContainer(
      spec({
        name: serverName,
        network,
        command: ['sh', '-c', 'mkdir /www && echo hello-from-server > /www/index.html && httpd -f -p 8000 -h /www'],
      }),
    );
    await runtime.startContainer(server.id);
    const client = await runtime.createContainer(
      spec({
        network,
        command: ['sh', '-c', `for i in $(seq 1 100); do wget -q -O - http://${serverName}:8000/ && exit 0; sleep 0.1; done; exit 1`],
      }),
    );
    await runtime.startContainer(client.id);
    const output = await collect(runtime.logs(client.id, { follow: true }));
    expect(output.stdout).toBe('hello-from-server\n');
    expect((await runtime.inspectContainer(client.id)).exitCode).toBe(0);
    expect((await testDockerClient().getNetwork(network).inspect()).Driver).toBe('bridge');
  });

  it('reads logs with stdout and stderr apart, tail, since and a byte limit', async () => {
    const { id } = await runtime.createContainer(
      spec({ command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo "out $i"; echo "err $i" >&2; done'] }),
    );
    await runtime.startContainer(id);
    const followed = await collect(runtime.logs(id, { follow: true }));
    expect(followed.stdout).toBe('out 1\nout 2\nout 3\nout 4\nout 5\n');
    expect(followed.stderr).toBe('err 1\nerr 2\nerr 3\nerr 4\nerr 5\n');

    // How tail counts lines of two streams is the engine's business; one stream is unambiguous.
    const counter = await runtime.createContainer(spec({ command: ['seq', '1', '10'] }));
    await runtime.startContainer(counter.id);
    await collect(runtime.logs(counter.id, { follow: true }));
    expect(await collect(runtime.logs(counter.id, { tail: 3 }))).toMatchObject({ stdout: '8\n9\n10\n', stderr: '' });
    expect(await collect(runtime.logs(id, { since: new Date(Date.now() + 60_000) }))).toEqual({ stdout: '', stderr: '', bytes: 0 });
    const limited = await collect(runtime.logs(id, { stderr: false, limitBytes: 8 }));
    expect(limited).toMatchObject({ stdout: 'out 1\nou', bytes: 8 });
  });

  it('follows a running container as it writes, and stops following when aborted', async () => {
    const { id } = await runtime.createContainer(spec({ command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.05; done'] }));
    await runtime.startContainer(id);
    const controller = new AbortController();
    const lines: string[] = [];
    for await (const chunk of runtime.logs(id, { follow: true, signal: controller.signal })) {
      lines.push(...chunk.data.toString('utf8').split('\n').filter(Boolean));
      if (lines.length >= 5) controller.abort();
    }
    expect(lines.slice(0, 5)).toEqual(['tick 1', 'tick 2', 'tick 3', 'tick 4', 'tick 5']);
    expect((await runtime.inspectContainer(id)).state).toBe('running');
  });

  it('ends a log read of a flooding container at the byte limit', async () => {
    const { id } = await runtime.createContainer(spec({ command: ['sh', '-c', 'yes 0123456789abcdef'] }));
    await runtime.startContainer(id);
    const limit = 1024 * 1024;
    const output = await collect(runtime.logs(id, { follow: true, limitBytes: limit }));
    expect(output.bytes).toBe(limit);
    expect(output.stdout.startsWith('0123456789abcdef\n0123456789abcdef\n')).toBe(true);
    await runtime.removeContainer(id);
  });

  it('streams create, start and die events (with the exit code and labels) for the containers it filters on', async () => {
    const controller = new AbortController();
    const eventLabels = { [TEST_LABEL]: run, 'vaultplane.workload': uniqueName('ev') };
    const seen: ContainerEvent[] = [];
    const since = new Date(Date.now() - 1000);
    const watching = (async () => {
      for await (const event of runtime.events({ labels: eventLabels, since, signal: controller.signal })) {
        seen.push(event);
        if (event.action === 'die') controller.abort();
      }
    })();
    const { id } = await runtime.createContainer(spec({ labels: eventLabels, command: ['sh', '-c', 'exit 7'] }));
    await runtime.startContainer(id);
    await watching;
    expect(seen.map((e) => e.action)).toEqual(['create', 'start', 'die']);
    expect(seen.every((e) => e.id === id)).toBe(true);
    expect(seen[2]).toMatchObject({ exitCode: 7, labels: eventLabels, image: TEST_IMAGE });
  });

  it('refuses an image the engine does not have, leaving nothing behind', async () => {
    const image = `vaultplane/no-such-image:${run}`;
    const marker = uniqueName('noimage');
    const attempt = runtime.createContainer(spec({ image, labels: { ...labels, 'vaultplane.workload': marker } }));
    await expect(attempt).rejects.toBeInstanceOf(ImageNotFoundError);
    await expect(attempt).rejects.toThrow(`docker pull ${image}`);
    expect(await containersLabelled('vaultplane.workload', marker)).toEqual([]);
  });

  it('refuses a second container with the same name', async () => {
    const first = spec();
    await runtime.createContainer(first);
    await expect(runtime.createContainer({ ...first })).rejects.toBeInstanceOf(ContainerNameConflictError);
  });

  it('reports a command that cannot start with the engine reason, and a quick exit with its code', async () => {
    const missing = await runtime.createContainer(spec({ command: ['/no/such/binary'] }));
    const attempt = runtime.startContainer(missing.id);
    await expect(attempt).rejects.toBeInstanceOf(EngineRequestError);
    await expect(attempt).rejects.toThrow(/no such file or directory|not found/i);

    const quick = await runtime.createContainer(spec({ command: ['false'] }));
    await runtime.startContainer(quick.id);
    await collect(runtime.logs(quick.id, { follow: true }));
    expect(await runtime.inspectContainer(quick.id)).toMatchObject({ state: 'exited', exitCode: 1 });
  });

  it('passes a GPU request to the engine, which refuses to start it without a GPU driver', async () => {
    const { id } = await runtime.createContainer(spec({ gpus: 1 }));
    const raw = await testDockerClient().getContainer(id).inspect();
    expect(raw.HostConfig.DeviceRequests).toEqual([expect.objectContaining({ Driver: 'nvidia', Count: 1, Capabilities: [['gpu']] })]);
    if (!existsSync('/usr/bin/nvidia-smi')) {
      const attempt = runtime.startContainer(id);
      await expect(attempt).rejects.toBeInstanceOf(EngineRequestError);
      await expect(attempt).rejects.toThrow(/nvidia/);
    }
  });

  it('reports the cores and memory of the engine host', async () => {
    const info = await runtime.info();
    expect(info.cpus).toBeGreaterThan(0);
    expect(info.memoryBytes).toBeGreaterThan(64 * 1024 * 1024);
  });
});
