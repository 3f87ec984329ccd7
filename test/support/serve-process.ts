import { spawnCli } from './cli-process';

export { CLI } from './cli-process';

export interface ServeProcess {
  /** e.g. http://127.0.0.1:41234; MCP is at `${baseUrl}/mcp`. */
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts the real `vaultplane serve` on a free port and resolves once it says where it serves. */
export async function startServe(vaultRoot: string, env: Record<string, string | undefined>): Promise<ServeProcess> {
  // Through bin/vaultplane.js's re-run with its memory settings, as a user starts it.
  const cli = spawnCli(['serve', '--vault', vaultRoot, '--port', '0'], { MALLOC_ARENA_MAX: undefined, ...env });
  try {
    const baseUrl = (await cli.waitFor(/at (http:\/\/\S+)\/mcp/))[1]!;
    return { baseUrl, stop: cli.stop };
  } catch (error) {
    await cli.stop(); // SIGTERM, which the wrapper passes on to the server
    throw error;
  }
}
