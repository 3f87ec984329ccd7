import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawnCli, type CliProcess } from '../support/cli-process';

// `vaultplane serve` as a fault suite drives it: started, asked over HTTP and MCP, killed.

export interface ServeUnderTest {
  cli: CliProcess;
  baseUrl: string;
  /** Milliseconds from spawn to "serving … at". */
  startMs: number;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** A connected MCP client on /mcp; close it when done. */
  mcp(): Promise<Client>;
}

export async function startServeUnderTest(vault: string, token: string, env: Record<string, string | undefined> = {}): Promise<ServeUnderTest> {
  const started = Date.now();
  const cli = spawnCli(['serve', '--vault', vault, '--port', '0'], { VAULTPLANE_TOKEN: token, ...env });
  let baseUrl: string;
  try {
    baseUrl = (await cli.waitFor(/at (http:\/\/\S+)\/mcp/))[1]!;
  } catch (error) {
    await cli.kill9();
    throw error;
  }
  const startMs = Date.now() - started;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    cli,
    baseUrl,
    startMs,
    api: async (method, path, body) => {
      const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: response.status, body: await response.json().catch(() => undefined) };
    },
    mcp: async () => {
      const client = new Client({ name: 'fault-suite', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
      return client;
    },
  };
}
