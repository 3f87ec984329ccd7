/**
 * The Obsidian plugin's API client against the real `vaultplane serve` and a real Docker
 * engine: the connection test's verdicts, the live event feed, scheduling a note's workload
 * (MCP), following its logs (SSE), Spec-Kit tasks, search and evict. The client runs here over
 * Node's fetch; inside Obsidian the same code runs over `requestUrl` and the app's fetch.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OrchestratorEvent } from '../obsidian-plugin/src/api/api-types';
import { fetchTransport } from '../obsidian-plugin/src/api/transport';
import type { FeedMessage } from '../obsidian-plugin/src/api/vaultplane-api';
import { VaultplaneClient } from '../obsidian-plugin/src/api/vaultplane-client';
import { nodeTimers } from '../obsidian-plugin/test-support/node-timers';
import { DEFAULT_SETTINGS, type PluginSettings } from '../obsidian-plugin/src/core/settings-schema';
import { TEST_IMAGE, describeWithDocker, RUN_LABEL, removeContainersLabelled } from './support/docker';
import { startServe, type ServeProcess } from './support/serve-process';
import { createTempVault, eventually, type TempVault } from './support/temp-vault';

const run = `obsidian-client-${process.pid}-${Date.now()}`;
const TOKEN = `token-${run}`;
const WORKLOAD = `plugin-echo-${process.pid % 100000}`;

const workloadNote = `---
workload:
  name: ${WORKLOAD}
  image: ${TEST_IMAGE}
  command: ["sh", "-c", "echo first line; echo oops >&2; sleep 1; echo last line"]
  cpu: 0.1
  memoryMb: 32
  task: 001-example/T012
  labels:
    run: ${run}
---
# Echo workload for the plugin client test
`;

describeWithDocker('Obsidian plugin client against vaultplane serve', () => {
  let vault: TempVault;
  let server: ServeProcess;
  let settings: PluginSettings;
  let client: VaultplaneClient;

  beforeAll(async () => {
    vault = await createTempVault({ [`workloads/${WORKLOAD}.md`]: workloadNote }, { fromTemplate: true });
    server = await startServe(vault.root, { VAULTPLANE_TOKEN: TOKEN });
    settings = { ...DEFAULT_SETTINGS, serverUrl: server.baseUrl, token: TOKEN };
    client = new VaultplaneClient(() => settings, fetchTransport(fetch), nodeTimers());
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
    await removeContainersLabelled(RUN_LABEL, run);
    await vault?.remove();
  });

  it('tells a working connection from a wrong token and a server that is down', async () => {
    expect(await client.testConnection()).toMatchObject({ ok: true, title: 'Connected' });
    const wrong = new VaultplaneClient(() => ({ ...settings, token: 'not-the-token' }), fetchTransport(fetch), nodeTimers());
    expect(await wrong.testConnection()).toMatchObject({ ok: false, title: 'Wrong token' });
    const down = new VaultplaneClient(() => ({ ...settings, serverUrl: 'http://127.0.0.1:9' }), fetchTransport(fetch), nodeTimers());
    expect(await down.testConnection()).toMatchObject({ ok: false, title: 'Server down' });
    await expect(down.listPods()).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('schedules the workload of a note, sees it in the feed and the pod list, and streams its logs to the end', async () => {
    const messages: FeedMessage[] = [];
    const unsubscribe = client.watch((message) => messages.push(message));
    await eventually(async () => messages.some((m) => m.kind === 'state' && m.state.status === 'live'), 'the event feed to go live');

    const pod = await client.scheduleFromNote(`workloads/${WORKLOAD}.md`);
    expect(pod).toMatchObject({ name: WORKLOAD, task: '001-example/T012' });
    const events = () => messages.flatMap((m): OrchestratorEvent[] => (m.kind === 'event' ? [m.event] : []));
    await eventually(async () => events().some((event) => event.type === 'scheduled' && event.podId === pod.id), 'a scheduled event for the pod');
    expect((await client.listPods({ namespace: '' })).map((p) => p.id)).toContain(pod.id);

    const lines: Array<{ stream: string; text: string }> = [];
    const end = await new Promise<unknown>((resolve) => client.followLogs(pod.id, {}, { line: (line) => lines.push(line), end: resolve }));
    expect(end).toEqual({ reason: 'stopped' });
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.text).join('')).toBe('first line\nlast line\n');
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.text).join('')).toBe('oops\n');
    await eventually(async () => events().some((event) => event.type === 'pod' && event.podId === pod.id && event.action === 'die'), 'the pod to die');
    unsubscribe();
  });

  it('reports a log stream for a pod that does not exist as an error, not a hang', async () => {
    const end = await new Promise<unknown>((resolve) => client.followLogs(`no-such-pod-${run}`, {}, { line: () => undefined, end: resolve }));
    expect(end).toEqual({ error: expect.stringMatching(/no-such-pod/) });
  });

  it('lists Spec-Kit tasks and toggles one in tasks.md, which the feed announces', async () => {
    const tasks = await client.listTasks('001-example');
    const t003 = tasks.find((task) => task.id === 'T003');
    expect(t003).toMatchObject({ done: false, phase: 1 });

    const messages: FeedMessage[] = [];
    const unsubscribe = client.watch((message) => messages.push(message));
    await eventually(async () => messages.some((m) => m.kind === 'state' && m.state.status === 'live'), 'the event feed to go live');
    await client.setTaskDone({ feature: '001-example', taskId: 'T003', done: true, line: t003!.line });
    const file = await readFile(join(vault.root, 'specs/001-example/tasks.md'), 'utf8');
    expect(file.split('\n')[t003!.line - 1]).toMatch(/^- \[x\] T003 /);
    await eventually(async () => messages.some((m) => m.kind === 'event' && m.event.type === 'task' && m.event.taskId === 'T003' && m.event.done), 'a task event');
    unsubscribe();
    expect((await client.listTasks('001-example', { status: 'done' })).map((task) => task.id)).toContain('T003');
  });

  it('refuses a toggle of a task that does not exist with the server reason', async () => {
    await expect(client.setTaskDone({ feature: '001-example', taskId: 'T999', done: true })).rejects.toMatchObject({ message: expect.stringMatching(/T999/) });
  });

  it('searches the vault through MCP (search_notes)', async () => {
    const hits = await eventually(async () => {
      const found = await client.searchNotes('workload frontmatter test runner');
      return found.length > 0 ? found : undefined;
    }, 'search results once the vault is indexed', 60_000);
    expect(hits[0]).toMatchObject({ path: expect.stringMatching(/\.md$/), startLine: expect.any(Number) });
    expect(hits.map((hit) => hit.path)).toContain('workloads/test-runner.md');
  });

  it('evicts a running pod', async () => {
    const scheduled = await fetch(`${server.baseUrl}/schedule`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `${WORKLOAD}-sleep`, image: TEST_IMAGE, command: ['sleep', '300'], cpu: 0.1, memoryMb: 32, labels: { run } }),
    });
    const { pod } = (await scheduled.json()) as { pod: { id: string } };
    const evicted = await client.evict(pod.id, 'plugin client test');
    expect(evicted.id).toBe(pod.id);
    await eventually(async () => !(await client.listPods({ namespace: '' })).some((p) => p.id === pod.id && p.status === 'running'), 'the pod to stop');
  });
});
