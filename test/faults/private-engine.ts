import Docker from 'dockerode';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describeRequiring } from '../support/requirement';

// A Docker engine of the test's own, to kill and restart: the shared engine serves everyone's
// tests and must never be stopped. Everything that is per-engine state is private here:
// data root, exec root (which holds the managed containerd, its socket and its state), pid
// file, API socket, containerd namespaces, an address pool of its own for networks, and a
// default bridge of its own (created here and handed over with --bridge), with no iptables
// rules, so it cannot clash with the shared engine's docker0 and NAT chains. Not --bridge=none:
// with it dockerd deletes the host's docker0 interface at start, the one the shared engine's
// default network uses, and every other test's container on that network then fails. One thing is shared all the same: the host's FORWARD chain, where the shared
// engine sets the policy DROP, and bridged traffic passes it (bridge-nf-call-iptables). So
// pods on the private engine's networks resolve each other (Docker's embedded DNS) but cannot
// connect until allowBridgeTraffic() adds an ACCEPT rule scoped to that bridge, which
// destroy() removes again. --live-restore, as on a production host:
// running containers outlive an engine crash and are found again when it is back.

const run = promisify(execFile);
const MAKE_TEST_IMAGE = resolve(import.meta.dirname, '../../scripts/make-test-image.sh');
const START_TIMEOUT_MS = 60_000;

export type PrivateEngineAvailability = { available: true } | { available: false; reason: string };

export async function privateEngineAvailability(): Promise<PrivateEngineAvailability> {
  if (process.getuid?.() !== 0) return { available: false, reason: 'starting a private dockerd needs root' };
  for (const tool of ['dockerd', 'docker', 'containerd', 'ip']) {
    try {
      await run('sh', ['-c', `command -v ${tool}`]);
    } catch {
      return { available: false, reason: `${tool} is not installed (apt-get install docker.io iproute2)` };
    }
  }
  if (!existsSync(process.env.BUSYBOX ?? '/bin/busybox')) return { available: false, reason: 'busybox-static is not installed (the test image is built from it)' };
  return { available: true };
}

/** describe() for suites that need a private engine: a failure under CI=true, a loud skip elsewhere. */
export function describeWithPrivateEngine(name: string, availability: PrivateEngineAvailability, fn: () => void): void {
  describeRequiring(
    { tests: 'Suites with a private Docker engine', needs: 'a private Docker engine', availability, fixHint: "Run 'bash .ci/run' as root." },
    name,
    fn,
  );
}

export class PrivateEngine {
  private process: ChildProcess | undefined;
  readonly socket: string;
  /** Networks the engine made: their bridges are left behind when it is killed, and removed at the end. */
  private readonly bridges = new Set<string>();
  /** FORWARD rules added by allowBridgeTraffic(), removed by destroy(). */
  private readonly forwardRules: string[][] = [];

  private constructor(
    readonly dir: string,
    private readonly name: string,
    private readonly pool: string,
    /** The engine's default bridge: an interface name (at most 15 characters) and its address. */
    private readonly defaultBridge: { name: string; address: string },
  ) {
    this.socket = join(dir, 'docker.sock');
    this.bridges.add(defaultBridge.name);
  }

  /** DOCKER_HOST for a client of this engine. */
  get host(): string {
    return `unix://${this.socket}`;
  }

  client(): Docker {
    return new Docker({ socketPath: this.socket });
  }

  /** Starts a new engine and builds the test image in it (no registry, no shared engine needed). */
  static async start(): Promise<PrivateEngine> {
    // Short: unix socket paths (containerd's lives under the exec root) are limited to 108 bytes.
    const name = `vpe${process.pid}${Date.now().toString(36).slice(-4)}`;
    const engine = new PrivateEngine(join('/tmp', name), name, `10.${200 + (process.pid % 50)}.0.0/16`, {
      name: name.replace(/^vpe/, 'vpb').slice(0, 15),
      // Outside the pool above and outside Docker's own default ranges (172.17+, 192.168).
      address: `10.250.${process.pid % 250}.1/24`,
    });
    await mkdir(engine.dir, { recursive: true });
    await engine.launch();
    await run(MAKE_TEST_IMAGE, [], { env: { ...process.env, DOCKER_HOST: engine.host } });
    return engine;
  }

  /** kill -9 of dockerd: its managed containerd dies with it; container shims live on. */
  async crash(): Promise<void> {
    await this.rememberBridges();
    await this.terminate('SIGKILL');
  }

  /** Starts the engine again on the same state, as after a crash or a restart. */
  async restart(): Promise<void> {
    await this.launch();
  }

  /** Lets traffic between containers on this engine's bridge networks through the host's FORWARD chain. */
  async allowBridgeTraffic(): Promise<void> {
    await this.rememberBridges();
    for (const bridge of this.bridges) {
      const rule = ['FORWARD', '-i', bridge, '-o', bridge, '-j', 'ACCEPT'];
      if (this.forwardRules.some((added) => added.join(' ') === rule.join(' '))) continue;
      await run('iptables', ['-I', ...rule]);
      this.forwardRules.push(rule);
    }
  }

  /** Removes every container and network, stops the engine and deletes its state. */
  async destroy(): Promise<void> {
    if (this.process) {
      const client = this.client();
      for (const container of await client.listContainers({ all: true }).catch(() => [])) {
        await client.getContainer(container.Id).remove({ force: true }).catch(() => undefined);
      }
      await this.rememberBridges();
      for (const network of await client.listNetworks().catch(() => [])) {
        if (!['bridge', 'host', 'none'].includes(network.Name)) await client.getNetwork(network.Id).remove().catch(() => undefined);
      }
      await this.terminate('SIGTERM');
    }
    // Shims of containers that outlived a crash, then mounts and bridges the engine left.
    for (const pid of await shimsOf(this.name)) process.kill(pid, 'SIGKILL');
    const mounts = (await readFile('/proc/mounts', 'utf8')).split('\n').map((line) => line.split(' ')[1] ?? '').filter((path) => path.startsWith(`${this.dir}/`));
    for (const mount of mounts.sort().reverse()) await run('umount', ['-l', mount]).catch(() => undefined);
    for (const bridge of this.bridges) await run('ip', ['link', 'delete', bridge]).catch(() => undefined);
    for (const rule of this.forwardRules.splice(0)) await run('iptables', ['-D', ...rule]).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    // A pid file left by a killed engine stops the next one from starting.
    await rm(join(this.dir, 'docker.pid'), { force: true });
    await this.ensureDefaultBridge();
    const log = await open(join(this.dir, 'dockerd.log'), 'a');
    const child = spawn(
      'dockerd',
      [
        `--data-root=${join(this.dir, 'data')}`,
        `--exec-root=${join(this.dir, 'exec')}`,
        `--pidfile=${join(this.dir, 'docker.pid')}`,
        `--host=${this.host}`,
        `--containerd-namespace=${this.name}`,
        `--containerd-plugins-namespace=${this.name}-plugins`,
        `--default-address-pool=base=${this.pool},size=24`,
        `--bridge=${this.defaultBridge.name}`,
        '--iptables=false',
        '--ip-masq=false',
        '--live-restore',
      ],
      { stdio: ['ignore', log.fd, log.fd] },
    );
    await log.close();
    this.process = child;
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the private dockerd exited (${child.exitCode}):\n${await this.logTail()}`);
      try {
        await this.client().version();
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`the private dockerd did not answer within ${START_TIMEOUT_MS / 1000} s:\n${await this.logTail()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  /** dockerd only attaches to a bridge given with --bridge; it must exist, with its address, first. */
  private async ensureDefaultBridge(): Promise<void> {
    const { name, address } = this.defaultBridge;
    const exists = await run('ip', ['link', 'show', name]).then(
      () => true,
      () => false,
    );
    if (exists) return;
    await run('ip', ['link', 'add', name, 'type', 'bridge']);
    await run('ip', ['addr', 'add', address, 'dev', name]);
    await run('ip', ['link', 'set', name, 'up']);
  }

  private async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const containerdPid = Number((await readFile(join(this.dir, 'exec/containerd/containerd.pid'), 'utf8').catch(() => '')).trim());
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    // The next engine must not find the old containerd still going down.
    while (containerdPid > 0 && isAlive(containerdPid)) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  private async rememberBridges(): Promise<void> {
    for (const network of await this.client().listNetworks().catch(() => [])) {
      if (network.Driver === 'bridge' && network.Name !== 'bridge') this.bridges.add(`br-${network.Id.slice(0, 12)}`);
    }
  }

  async logTail(): Promise<string> {
    const text = await readFile(join(this.dir, 'dockerd.log'), 'utf8').catch(() => '');
    return text.split('\n').slice(-30).join('\n');
  }
}

/** Pids of the container shims this engine started: their command line names its containerd namespace. */
async function shimsOf(namespace: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (args[0]?.endsWith('containerd-shim-runc-v2') && args[args.indexOf('-namespace') + 1] === namespace) pids.push(Number(entry));
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
