import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/stdio-echo-server.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Spawned {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnFixture(): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { cwd: REPO_ROOT, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  return { child, stdout: () => out, stderr: () => err, exit };
}

function send(child: ChildProcessWithoutNullStreams, message: object): void {
  child.stdin.write(`${JSON.stringify(message)}\n`);
}

async function waitFor(check: () => boolean, what: string, spawned: Spawned): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr: ${spawned.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw-test', version: '1' } },
};

describe('runStdioServer', () => {
  it('serves tools to the SDK client over a spawned process', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', FIXTURE],
      cwd: REPO_ROOT,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    const errors: Error[] = [];
    client.onerror = (error) => errors.push(error);
    await client.connect(transport);
    try {
      const tools = await client.listTools();
      expect(tools.tools.map((tool) => tool.name)).toEqual(['echo']);
      const result = await client.callTool({ name: 'echo', arguments: { text: 'hello over stdio' } });
      expect(result.content).toEqual([{ type: 'text', text: 'hello over stdio' }]);
      // A non-protocol line on stdout would surface here as a parse error.
      expect(errors).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('writes only JSON-RPC to stdout, sends console output to stderr, and cleans up when stdin ends', async () => {
    const spawned = spawnFixture();
    send(spawned.child, initialize);
    send(spawned.child, { jsonrpc: '2.0', method: 'notifications/initialized' });
    send(spawned.child, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'ping' } } });
    await waitFor(() => spawned.stdout().includes('"id":2'), 'the echo result', spawned);
    spawned.child.stdin.end();

    const { code } = await spawned.exit;
    expect(code).toBe(0);
    const lines = spawned.stdout().split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ id: 2, result: { content: [{ type: 'text', text: 'ping' }] } });
    expect(spawned.stderr()).toContain('console noise while echoing ping');
    expect(spawned.stderr()).toContain('fixture: cleanup ran');
    expect(spawned.stderr()).toContain('fixture: session ended');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('closes cleanly on %s and runs the cleanup', async (signal) => {
    const spawned = spawnFixture();
    send(spawned.child, initialize);
    await waitFor(() => spawned.stdout().includes('"id":1'), 'the initialize result', spawned);
    spawned.child.kill(signal);

    const exit = await spawned.exit;
    // Exit code 0, not death by signal: the handler ran, cleanup finished and nothing kept the process alive.
    expect(exit).toEqual({ code: 0, signal: null });
    expect(spawned.stderr()).toContain('fixture: cleanup ran');
    expect(spawned.stderr()).toContain('fixture: session ended');
  });
});
