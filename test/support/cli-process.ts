import { spawn, type ChildProcess } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';

// The real `vaultplane` CLI as a child process that a fault test can SIGKILL. bin/vaultplane.js
// re-runs itself once unless MALLOC_ARENA_MAX is set; setting it here makes the spawned pid the
// server itself, so a kill -9 hits the process that holds the files, not a wrapper. Pass
// MALLOC_ARENA_MAX: undefined to run through the wrapper the way a user's shell does.

export const CLI = resolvePath(import.meta.dirname, '../../bin/vaultplane.js');

export interface CliProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr so far (logs and progress). */
  stderr(): string;
  /** Resolves with the first match of `pattern` in stderr at or after `from`; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number, from?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** kill -9, then waits for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM (the server's clean shutdown), then waits. */
  stop(): Promise<void>;
}

export function spawnCli(args: string[], env: Record<string, string | undefined> = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, VAULTPLANE_EMBEDDER: 'builtin', MALLOC_ARENA_MAX: '2', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  child.stderr!.on('data', (data: Buffer) => {
    output += data.toString();
    for (const listener of listeners) listener();
  });
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      for (const listener of listeners) listener();
    });
  });

  const waitFor = (pattern: RegExp, timeoutMs = 60_000, from = 0) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(output.slice(from));
        if (match) return finish(() => resolve(match));
        if (child.exitCode !== null || child.signalCode !== null) {
          finish(() => reject(new Error(`vaultplane ${args[0]} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${output.slice(-2000)}`)));
        }
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`vaultplane ${args[0]} did not print ${pattern} within ${timeoutMs} ms:\n${output.slice(-2000)}`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };

  return { child, stderr: () => output, waitFor, exited, kill9: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

/** Runs the CLI to its end; rejects with its stderr when it fails. */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  const cli = spawnCli(args, env);
  const { code, signal } = await cli.exited;
  if (code !== 0) throw new Error(`vaultplane ${args.join(' ')} ended with ${code ?? signal}:\n${cli.stderr().slice(-2000)}`);
  return cli.stderr();
}
