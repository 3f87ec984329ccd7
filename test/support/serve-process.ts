import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../bin/vaultplane.js');

export interface ServeProcess {
  /** e.g. http://127.0.0.1:41234; MCP is at `${baseUrl}/mcp`. */
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts the real `vaultplane serve` on a free port and resolves once it says where it serves. */
export async function startServe(vaultRoot: string, env: Record<string, string | undefined>): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--vault', vaultRoot, '--port', '0'], {
    env: { ...process.env, VAULTPLANE_EMBEDDER: 'builtin', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stderr!.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /at (http:\/\/[^\s]+)\/mcp/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    baseUrl,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
