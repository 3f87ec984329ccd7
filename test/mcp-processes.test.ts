/**
 * The real `vaultplane` command as agents run it: over stdio (Claude Desktop, IDEs), over
 * Streamable HTTP (`vaultplane serve`), and driven by the MCP Inspector's CLI.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startServe, type ServeProcess } from './support/serve-process';
import { createTempVault, type TempVault } from './support/temp-vault';

/** Exactly what a user types; --no-install keeps it on the pinned devDependency. */
const INSPECTOR = ['--no-install', '@modelcontextprotocol/inspector', '--cli'];
const TOKEN = 'test-token-0123456789abcdef';
const run = promisify(execFile);

function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { ...env, VAULTPLANE_EMBEDDER: 'builtin', ...extra };
}

describe('vaultplane mcp (stdio)', () => {
  let vault: TempVault;
  beforeAll(async () => {
    vault = await createTempVault({}, { fromTemplate: true });
  });
  afterAll(async () => vault?.remove());

  it('serves the tools to the SDK client over a spawned stdio process', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', '--vault', vault.root],
      env: childEnv(),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(
        expect.arrayContaining(['search_notes', 'read_note', 'list_notes', 'write_note', 'append_to_note', 'index_status']),
      );
      const result = (await client.callTool({ name: 'search_notes', arguments: { query: 'tasks for the example feature' } })) as unknown as {
        structuredContent: { results: Array<{ path: string }> };
      };
      expect(result.structuredContent.results.length).toBeGreaterThan(0);
      expect(result.structuredContent.results.some((hit) => hit.path.startsWith('specs/001-example/'))).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('answers the MCP Inspector CLI: tools/list and a search_notes call', async () => {
    const base = [...INSPECTOR, process.execPath, CLI, 'mcp', '--vault', vault.root];
    const listed = await run('npx', [...base, '--method', 'tools/list'], { env: childEnv(), timeout: 60_000 });
    const tools = JSON.parse(listed.stdout).tools.map((tool: { name: string }) => tool.name);
    expect(tools).toContain('search_notes');
    const called = await run(
      'npx',
      [...base, '--method', 'tools/call', '--tool-name', 'search_notes', '--tool-arg', 'query=spec-kit tasks', '--tool-arg', 'limit=3'],
      { env: childEnv(), timeout: 60_000 },
    );
    const structured = JSON.parse(called.stdout).structuredContent;
    expect(structured.results.length).toBeGreaterThan(0);
    expect(structured.results.length).toBeLessThanOrEqual(3);
  });
});

describe('vaultplane serve (Streamable HTTP)', () => {
  let vault: TempVault;
  let server: ServeProcess;
  let baseUrl: string;

  beforeAll(async () => {
    vault = await createTempVault({}, { fromTemplate: true });
    server = await startServe(vault.root, { VAULTPLANE_TOKEN: TOKEN });
    baseUrl = server.baseUrl;
  });

  afterAll(async () => {
    await server?.stop();
    await vault?.remove();
  });

  it('serves MCP at /mcp to a client with the token', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
    });
    const client = new Client({ name: 'http-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const result = (await client.callTool({ name: 'read_note', arguments: { path: 'specs/001-example/tasks.md' } })) as unknown as {
        structuredContent: { content: string; hash: string };
      };
      expect(result.structuredContent.content).toMatch(/- \[[ xX]\] T0\d\d/);
    } finally {
      await client.close();
    }
  });

  it('refuses a missing or wrong token and a foreign Origin, and answers /health without one', async () => {
    const initialize = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const missing = await fetch(`${baseUrl}/mcp`, { method: 'POST', headers, body: initialize });
    expect(missing.status).toBe(401);
    const wrong = await fetch(`${baseUrl}/mcp`, { method: 'POST', headers: { ...headers, authorization: 'Bearer nope' }, body: initialize });
    expect(wrong.status).toBe(401);
    const foreign = await fetch(`${baseUrl}/mcp`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' },
      body: initialize,
    });
    expect(foreign.status).toBe(403);
    const health = await fetch(`${baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });

  it('answers the MCP Inspector CLI over HTTP with the bearer header', async () => {
    const listed = await run(
      'npx',
      [...INSPECTOR, `${baseUrl}/mcp`, '--transport', 'http', '--header', `Authorization: Bearer ${TOKEN}`, '--method', 'tools/list'],
      { env: childEnv(), timeout: 60_000 },
    );
    expect(JSON.parse(listed.stdout).tools.map((tool: { name: string }) => tool.name)).toContain('index_status');
  });
});

describe('vaultplane index / search / status', () => {
  it('indexes with a summary, searches from the shell as JSON, and reports status; a missing vault is a clear error', async () => {
    const vault = await createTempVault({ 'note.md': '# Note\n\nThe ocelot sleeps.\n', 'bad.md': new Uint8Array([0, 1, 2]) });
    try {
      const indexed = await run(process.execPath, [CLI, 'index', '--vault', vault.root], { env: childEnv() });
      expect(indexed.stdout).toMatch(/1 indexed, 1 skipped/);
      const searched = await run(process.execPath, [CLI, 'search', '--vault', vault.root, '--json', 'ocelot'], { env: childEnv() });
      expect(JSON.parse(searched.stdout).results[0]).toMatchObject({ path: 'note.md', heading: 'Note' });
      const status = await run(process.execPath, [CLI, 'status', '--vault', vault.root], { env: childEnv() });
      expect(status.stdout).toMatch(/bad\.md: .*binary/i);
      const missing = await run(process.execPath, [CLI, 'index', '--vault', `${vault.root}/nope`], { env: childEnv() }).catch((error) => error);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/does not exist/);
      const usage = await run(process.execPath, [CLI, 'search', '--vault', vault.root, '--limit', '500', 'x'], { env: childEnv() }).catch((error) => error);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/--limit/);
    } finally {
      await vault.remove();
    }
  });
});
