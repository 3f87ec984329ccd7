import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadOrCreateNodeIdentity, type NodeIdentity } from '../../orchestrator/src/peers/peer-identity';
import type { PeerConfigInput } from '../../orchestrator/src/peers/peer-config';

// Real standalone orchestrator processes (orchestrator/src/cli/standalone.ts run by tsx) for
// tests across nodes: each has its own data dir, port, node key and peers file.

const STANDALONE = resolve(import.meta.dirname, '../../orchestrator/src/cli/standalone.ts');

export interface NodeSetup {
  name: string;
  dataDir: string;
  port: number;
  /** Created before the process starts, so other nodes' peers files can trust it. */
  identity: NodeIdentity;
}

/** A free port on 127.0.0.1 (released again; another process could take it, but rarely does). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  await new Promise<void>((closed) => server.close(() => closed()));
  return port;
}

export async function prepareNode(name: string, dataDir: string): Promise<NodeSetup> {
  return { name, dataDir, port: await freePort(), identity: await loadOrCreateNodeIdentity(dataDir) };
}

export async function writePeersFile(node: NodeSetup, config: PeerConfigInput): Promise<void> {
  await writeFile(join(node.dataDir, 'peers.yaml'), stringify(config));
}

export class OrchestratorProcess {
  private output = '';

  private constructor(
    readonly node: NodeSetup,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(node: NodeSetup, token: string): Promise<OrchestratorProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', STANDALONE, '--data', node.dataDir, '--port', String(node.port)], {
      env: { ...process.env, VAULTPLANE_TOKEN: token },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`orchestrator ${node.name} did not start:\n${output}`)), 60_000);
      child.stderr!.on('data', (data: Buffer) => {
        output += data.toString();
        const match = /serving at (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`orchestrator ${node.name} exited with ${code}:\n${output}`)));
    });
    const started = new OrchestratorProcess(node, url, child);
    started.output = output;
    child.stderr!.on('data', (data: Buffer) => {
      started.output += data.toString();
    });
    return started;
  }

  /** What the process wrote to stderr so far. */
  get log(): string {
    return this.output;
  }

  get pid(): number {
    return this.child.pid!;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    await exited;
  }

  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGKILL');
    await exited;
  }
}

/** Bytes that arrived on 127.0.0.1:`port` connections and are not read yet (from /proc/net/tcp). */
export async function unreadBytesOnPort(port: number): Promise<number> {
  const table = await readFile('/proc/net/tcp', 'utf8');
  let unread = 0;
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5) continue;
    const localPort = Number.parseInt(fields[1]!.split(':')[1]!, 16);
    if (localPort !== port) continue;
    unread += Number.parseInt(fields[4]!.split(':')[1]!, 16);
  }
  return unread;
}
