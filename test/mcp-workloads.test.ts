/**
 * The workload tools as an agent meets them: the SDK client over MCP, the orchestrator on the
 * real Docker engine, the starter vault's workload note as the manifest.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOrchestrator, type OrchestratorHandle } from '../orchestrator/src/index';
import { BuiltinEmbedderSource } from '../mcp-server/src/index/embedder-source';
import { createServer } from '../mcp-server/src/server/index';
import { VaultContext } from '../mcp-server/src/vaults/vault-context';
import { VaultSet } from '../mcp-server/src/vaults/vault-set';
import { startRunNoteWriter } from '../mcp-server/src/workloads/run-note-writer';
import { RUN_LABEL, TEST_IMAGE, describeWithDocker, removeContainersLabelled } from './support/docker';
import { createTempVault, eventually, type TempVault } from './support/temp-vault';

const run = `mcp-workloads-${process.pid}-${Date.now()}`;

type ToolAnswer = { isError?: boolean; structuredContent?: any; content: Array<{ type: string; text: string }> };

describeWithDocker('workload tools over MCP', () => {
  let vault: TempVault;
  let dataDir: string;
  let handle: OrchestratorHandle;
  let vaults: VaultSet;
  let stopRunNotes: () => Promise<void>;
  let elicitAnswer: { action: 'accept' | 'decline'; content?: { confirm: boolean } } = { action: 'decline' };

  async function connect(readOnly = false): Promise<Client> {
    const { server } = createServer({ vaults, orchestrator: handle.orchestrator, readOnly });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(serverTransport);
    const client = new Client({ name: 'agent', version: '1' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => elicitAnswer);
    await client.connect(clientTransport);
    return client;
  }

  const call = async (client: Client, name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as unknown as ToolAnswer;

  beforeAll(async () => {
    vault = await createTempVault({}, { fromTemplate: true });
    dataDir = await mkdtemp(join(tmpdir(), 'vp-mcp-workloads-'));
    handle = await createOrchestrator({ dataDir, evictGraceSeconds: 0, owner: run });
    const vaultData = join(vault.root, '.vaultplane');
    vaults = new VaultSet([new VaultContext({ name: 'vault', root: vault.root, dataDir: vaultData }, await BuiltinEmbedderSource.load(vaultData))]);
    await vaults.vaults[0]!.sync();
    stopRunNotes = startRunNoteWriter({ orchestrator: handle.orchestrator, vaults, log: () => {}, owner: run });
  });

  afterAll(async () => {
    await stopRunNotes?.();
    await handle?.close();
    await vaults?.close();
    await removeContainersLabelled(RUN_LABEL, run);
    await rm(dataDir, { recursive: true, force: true });
    await vault?.remove();
  });

  it('runs the workload a note declares, and its logs and status come back through MCP', async () => {
    const client = await connect();
    const tasksPath = join(vault.root, 'specs/001-example/tasks.md');
    const tasksBefore = await readFile(tasksPath, 'utf8');
    const scheduled = await call(client, 'schedule_workload', {
      fromNote: 'workloads/test-runner.md',
      name: `runner-${process.pid}`,
      labels: { run },
      completeTask: true,
    });
    expect(scheduled.isError, scheduled.content[0]?.text).toBeFalsy();
    const pod = scheduled.structuredContent.pod;
    expect(pod).toMatchObject({ image: TEST_IMAGE, task: '001-example/T012', namespace: 'default' });

    const finished = await eventually(async () => {
      const listed = await call(client, 'list_pods', { task: '001-example/T012' });
      const mine = listed.structuredContent.pods.find((candidate: { id: string }) => candidate.id === pod.id);
      return mine?.status === 'succeeded' ? mine : undefined;
    }, 'the test runner to exit', 30_000);
    expect(finished.exitCode).toBe(0);

    const logs = await call(client, 'pod_logs', { id: pod.id });
    expect(logs.structuredContent.stdout).toContain('checks for 001-example/T012');
    expect(logs.structuredContent.stdout).toContain('integration: ok');

    // The run comes back as a note in agents/runs/, found by search like any other note.
    const found = await eventually(async () => {
      const hits = await call(client, 'search_notes', { query: 'run of test-runner 001-example/T012', folder: 'agents/runs' });
      return hits.structuredContent.results[0];
    }, 'the run note to be searchable', 15_000);
    const note = await call(client, 'read_note', { path: found.path });
    expect(note.structuredContent.content).toMatch(/^exitCode: 0$/m);
    expect(note.structuredContent.content).toContain('[[specs/001-example/tasks|');
    expect(note.structuredContent.content).toContain('integration: ok');

    // It exited 0 with completeTask: T012 is checked, and no other byte of tasks.md changed.
    const tasksAfter = await eventually(async () => {
      const text = await readFile(tasksPath, 'utf8');
      return text !== tasksBefore ? text : undefined;
    }, 'T012 to be checked', 15_000);
    expect(tasksAfter).toBe(tasksBefore.replace('- [ ] T012 ', '- [x] T012 '));
    const listed = await call(client, 'list_tasks', { feature: '001-example', status: 'done' });
    expect(listed.structuredContent.tasks.map((task: { id: string }) => task.id)).toContain('T012');
    await client.close();
  });

  it('bounds what pod_logs returns from a container that floods its output', async () => {
    const client = await connect();
    const scheduled = await call(client, 'schedule_workload', {
      name: `flood-${process.pid}`,
      image: TEST_IMAGE,
      command: ['sh', '-c', 'yes vaultplane-flood-line | head -n 200000; sleep 60'],
      cpu: 0.2,
      memoryMb: 32,
      labels: { run },
    });
    const id = scheduled.structuredContent.pod.id;
    await eventually(async () => (await call(client, 'pod_logs', { id, tail: 5 })).structuredContent.stdout.includes('flood'), 'output');
    const logs = await call(client, 'pod_logs', { id, tail: 10_000, maxBytes: 4096 });
    expect(logs.structuredContent.truncated).toBe(true);
    expect(Buffer.byteLength(logs.structuredContent.stdout)).toBeLessThanOrEqual(4096);
    await client.close();
  });

  it('refuses what the policy forbids with a message that says what to change, and starts nothing', async () => {
    const client = await connect();
    const refused = await call(client, 'schedule_workload', { name: `priv-${process.pid}`, image: TEST_IMAGE, privileged: true, labels: { run } });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toMatch(/privileged/i);
    const bad = await call(client, 'schedule_workload', { fromNote: 'README.md' });
    expect(bad.isError).toBe(true);
    expect(bad.content[0]!.text).toMatch(/no 'workload:' block/);
    const listed = await call(client, 'list_pods', {});
    expect(listed.structuredContent.pods.some((pod: { name: string }) => pod.name.startsWith('priv-'))).toBe(false);
    await client.close();
  });

  it('asks before evicting, keeps the pod when the user declines, and drops writers in read-only mode', async () => {
    const client = await connect();
    const scheduled = await call(client, 'schedule_workload', {
      name: `sleeper-${process.pid}`,
      image: TEST_IMAGE,
      command: ['sleep', '300'],
      cpu: 0.1,
      memoryMb: 16,
      labels: { run },
    });
    const id = scheduled.structuredContent.pod.id;
    elicitAnswer = { action: 'decline' };
    const declined = await call(client, 'evict_workload', { id });
    expect(declined.structuredContent.evicted).toBe(false);
    expect((await call(client, 'list_pods', {})).structuredContent.pods.map((pod: { id: string }) => pod.id)).toContain(id);
    elicitAnswer = { action: 'accept', content: { confirm: true } };
    const evicted = await call(client, 'evict_workload', { id });
    expect(evicted.structuredContent.evicted).toBe(true);
    expect((await call(client, 'list_pods', {})).structuredContent.pods.map((pod: { id: string }) => pod.id)).not.toContain(id);

    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === 'evict_workload')?.annotations?.destructiveHint).toBe(true);
    await client.close();

    const readOnly = await connect(true);
    const names = (await readOnly.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['list_pods', 'pod_logs', 'node_health', 'search_notes']));
    expect(names).not.toContain('schedule_workload');
    expect(names).not.toContain('evict_workload');
    expect(names).not.toContain('write_note');
    await readOnly.close();
  });
});
