/**
 * The orchestrator embedded in `vaultplane serve`: its API on the MCP port behind the same
 * token, its capacity in /health, scoped policy tokens for the API only, and workload tokens
 * that open MCP (and nothing else) to an agent inside a container. Real Docker engine.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { execFile } from 'node:child_process';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSse } from '../orchestrator/src/api/sse-parser';
import { sha256Hex } from '../orchestrator/src/index';
import { TEST_IMAGE, describeWithDocker, RUN_LABEL, removeContainersLabelled, testDockerClient } from './support/docker';
import { CLI, startServe, type ServeProcess } from './support/serve-process';
import { createTempVault, type TempVault } from './support/temp-vault';

const run = `serve-orch-${process.pid}-${Date.now()}`;
const TOKEN = `admin-token-${run}`;
const READER = `reader-token-${run}`;

describeWithDocker('vaultplane serve with the embedded orchestrator', () => {
  let vault: TempVault;
  let server: ServeProcess;
  let baseUrl: string;
  const auth = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

  beforeAll(async () => {
    vault = await createTempVault({ 'note.md': '# Note\n\nhello\n' });
    await vault.write(
      '.vaultplane/policy.yaml',
      `tokens:\n  - name: reader\n    sha256: ${sha256Hex(READER)}\n    namespaces: ["*"]\n    actions: [read]\n`,
    );
    server = await startServe(vault.root, { VAULTPLANE_TOKEN: TOKEN });
    baseUrl = server.baseUrl;
  });

  afterAll(async () => {
    await server?.stop();
    await removeContainersLabelled(RUN_LABEL, run);
    await vault?.remove();
  });

  it('reports node capacity and engine status in /health', async () => {
    const health = (await (await fetch(`${baseUrl}/health`)).json()) as { node: { engine: unknown } };
    expect(health.node).toBeDefined();
    expect(JSON.stringify(health.node)).toMatch(/cpu/i);
  });

  it('schedules, lists and evicts through the API on the MCP port with the server token', async () => {
    const spec = { name: `sleeper-${run}`, image: TEST_IMAGE, command: ['sleep', '120'], cpu: 0.1, memoryMb: 32, labels: { run } };
    const scheduled = await fetch(`${baseUrl}/schedule`, { method: 'POST', headers: auth(TOKEN), body: JSON.stringify(spec) });
    expect(scheduled.status).toBe(201);
    const { pod } = (await scheduled.json()) as { pod: { id: string; name: string } };

    const pods = (await (await fetch(`${baseUrl}/pods`, { headers: auth(TOKEN) })).json()) as { pods: Array<{ id: string }> };
    expect(pods.pods.map((p) => p.id)).toContain(pod.id);

    // A scoped policy token may read the API, but never reach MCP.
    expect((await fetch(`${baseUrl}/pods`, { headers: auth(READER) })).status).toBe(200);
    const readerSchedule = await fetch(`${baseUrl}/schedule`, { method: 'POST', headers: auth(READER), body: JSON.stringify(spec) });
    expect(readerSchedule.status).toBe(403);
    expect((await fetch(`${baseUrl}/mcp`, { method: 'POST', headers: auth(READER), body: '{}' })).status).toBe(401);

    // The workload's own token opens MCP for an agent inside the container, and nothing else.
    const inspected = await testDockerClient().getContainer(pod.id).inspect();
    const env = Object.fromEntries(inspected.Config.Env.map((line: string) => line.split(/=(.*)/s).slice(0, 2)));
    const workloadToken = env.VAULTPLANE_TOKEN as string;
    expect(workloadToken).toMatch(/^vpw_/);
    expect((await fetch(`${baseUrl}/pods`, { headers: auth(workloadToken) })).status).toBe(401);
    const client = new Client({ name: 'agent-in-container', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${workloadToken}` } } }),
    );
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('search_notes');
    await client.close();

    const evicted = await fetch(`${baseUrl}/evict`, { method: 'POST', headers: auth(TOKEN), body: JSON.stringify({ id: pod.id }) });
    expect(evicted.status).toBe(200);
    const again = await fetch(`${baseUrl}/evict`, { method: 'POST', headers: auth(TOKEN), body: JSON.stringify({ id: pod.id }) });
    expect(again.status).toBe(404);
  });

  it('gives POST /task-update its effect on the vault\'s tasks.md', async () => {
    await vault.write('specs/002-demo/tasks.md', '# Tasks\r\n\r\n## Phase 1: Setup\r\n\r\n- [ ] T001 First\r\n- [ ] T002 [P] Second\r\n');
    const update = (body: object) => fetch(`${baseUrl}/task-update`, { method: 'POST', headers: auth(TOKEN), body: JSON.stringify(body) });
    // The plugin listens on GET /events; a task change must show up there.
    const controller = new AbortController();
    const stream = await fetch(`${baseUrl}/events`, { headers: auth(TOKEN), signal: controller.signal });
    const events = readSse(stream.body!);
    expect((await events.next()).value?.event).toBe('ready');
    const applied = await update({ feature: '002-demo', taskId: 'T002', done: true });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ applied: true, result: { task: { id: 'T002', done: true } } });
    expect(await readFile(join(vault.root, 'specs/002-demo/tasks.md'), 'utf8')).toBe(
      '# Tasks\r\n\r\n## Phase 1: Setup\r\n\r\n- [ ] T001 First\r\n- [x] T002 [P] Second\r\n',
    );
    let taskEvent: { event: string; data: string } | undefined;
    for await (const event of events) {
      if (event.event === 'task') {
        taskEvent = event;
        break;
      }
    }
    controller.abort();
    expect(JSON.parse(taskEvent!.data)).toMatchObject({ type: 'task', feature: '002-demo', taskId: 'T002', done: true, line: 6 });
    expect((await update({ feature: '002-demo', taskId: 'T404', done: true })).status).toBe(404);
    expect((await update({ feature: '../etc', taskId: 'T001', done: true })).status).toBe(400);
  });

  it('keeps a verifiable audit log that `vaultplane audit verify` checks, and catches an edit', async () => {
    const verify = () => promisify(execFile)(process.execPath, [CLI, 'audit', 'verify', '--vault', vault.root]);
    const intact = await verify();
    expect(intact.stdout).toMatch(/is intact: \d+ entr/);
    await appendFile(join(vault.root, '.vaultplane/audit.jsonl'), '{"seq": 999, "forged": true}\n');
    const tampered = await verify().catch((error) => error);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/FAILED verification at line \d+/);
  });
});
