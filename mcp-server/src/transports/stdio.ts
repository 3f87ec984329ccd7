/**
 * MCP over stdio for Claude Desktop and IDE agents. stdout carries only the protocol, so
 * console output is sent to stderr while the session runs. The session ends on stdin end,
 * SIGINT, SIGTERM, a closed stdout or a transport failure; then `onClose` runs once.
 */
import { Console } from 'node:console';
import type { Readable, Writable } from 'node:stream';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

export interface StdioServerOptions {
  /** Releases what the server uses (watchers, index handles) after the session ends. */
  onClose?: () => void | Promise<void>;
  /** Default true: console.log/info/debug/dir/table write to stderr during the session. */
  redirectConsole?: boolean;
  /** Default process.stdin / process.stdout. */
  stdin?: Readable;
  stdout?: Writable;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
// Console methods that write to stdout by default.
const STDOUT_CONSOLE_METHODS = ['log', 'info', 'debug', 'dir', 'dirxml', 'table', 'count', 'countReset', 'time', 'timeEnd', 'timeLog'] as const;

/**
 * Connects `server` over stdio and resolves once the session has ended and `onClose` has
 * run (rejects if closing failed). Signal handlers are removed then, so a second Ctrl-C
 * still kills a process that something else keeps alive.
 */
export async function runStdioServer(server: McpServer, options: StdioServerOptions = {}): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const restoreConsole = options.redirectConsole === false ? () => undefined : redirectConsoleToStderr();
  const transport = new StdioServerTransport(stdin, stdout);

  let shutdown: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    shutdown ??= (async () => {
      detach();
      try {
        await server.close();
        await options.onClose?.();
      } finally {
        restoreConsole();
      }
    })();
    return shutdown;
  };

  let finish!: { resolve: () => void; reject: (error: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (finish = { resolve, reject }));
  const end = () => {
    stop().then(finish.resolve, finish.reject);
  };
  // A client that went away turns writes into EPIPE; that ends the session rather than the process.
  const onStdoutError = () => end();

  const detach = () => {
    stdin.off('end', end);
    stdout.off('error', onStdoutError);
    for (const signal of SIGNALS) process.off(signal, end);
  };
  stdin.once('end', end);
  stdout.on('error', onStdoutError);
  for (const signal of SIGNALS) process.once(signal, end);

  const previousOnClose = server.server.onclose;
  server.server.onclose = () => {
    previousOnClose?.();
    end();
  };

  try {
    await server.connect(transport);
  } catch (error) {
    detach();
    restoreConsole();
    throw error;
  }
  return done;
}

/** Routes the stdout-writing console methods to stderr; returns the undo. */
function redirectConsoleToStderr(): () => void {
  const toStderr = new Console({ stdout: process.stderr, stderr: process.stderr });
  const target = console as unknown as Record<string, unknown>;
  const source = toStderr as unknown as Record<string, (...args: unknown[]) => void>;
  const saved = new Map<string, unknown>();
  for (const name of STDOUT_CONSOLE_METHODS) {
    saved.set(name, target[name]);
    target[name] = source[name]!.bind(toStderr);
  }
  return () => {
    for (const [name, method] of saved) target[name] = method;
  };
}
