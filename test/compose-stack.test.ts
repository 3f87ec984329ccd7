/**
 * The deployable stack: compose/docker-compose.yml checked by the compose tool Debian ships
 * (docker-compose 1.29), and the backend image built from compose/Dockerfile on the real engine
 * (from a locally imported Node base; no registry is reachable), started with `docker-compose up`
 * of the backend alone on a free 127.0.0.1 port, and used through that port: /health, MCP
 * search_notes with the token, and a workload that calls the backend by its compose name.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TEST_IMAGE, describeWithDocker, removeContainersLabelled } from './support/docker';
import { freePort } from './support/orchestrator-process';
import { describeRequiring } from './support/requirement';
import { createTempVault, eventually, type TempVault } from './support/temp-vault';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const COMPOSE_FILE = join(ROOT, 'compose/docker-compose.yml');
const ENV_EXAMPLE = join(ROOT, 'compose/.env.example');
const NODE_BASE = 'vaultplane/node-base:test';
const BUILD_CACHE_TAG = 'vaultplane/backend-build:test-cache';
const DOCKER_SOCKET = '/var/run/docker.sock';
const runId = `compose-${process.pid}-${Date.now()}`;
const TOKEN = `compose-token-${runId}`;
const PROFILES = ['agent', 'dev', 'tailscale', 'radicle', 'n8n'];

async function composeAvailability(): Promise<{ available: true } | { available: false; reason: string }> {
  try {
    await run('docker-compose', ['version']);
    return { available: true };
  } catch (error) {
    return { available: false, reason: `docker-compose does not run (${(error as Error).message.split('\n')[0]})` };
  }
}
const compose = await composeAvailability();
const COMPOSE_HINT = "Fix: 'apt-get install docker-compose' (Debian's 1.29; .ci/run installs it).";

/** .env.example with the required values filled in, written to a temp file; plus overrides. */
async function envFile(dir: string, overrides: Record<string, string>): Promise<string> {
  const lines = (await readFile(ENV_EXAMPLE, 'utf8')).split('\n').filter((line) => !Object.keys(overrides).some((key) => line.startsWith(`${key}=`)));
  const path = join(dir, `env-${Object.keys(overrides).length}-${Math.random().toString(36).slice(2)}`);
  await writeFile(path, [...lines, ...Object.entries(overrides).map(([key, value]) => `${key}=${value}`)].join('\n'));
  return path;
}

function composeArgs(env: string, project: string, ...rest: string[]): string[] {
  return ['--env-file', env, '-f', COMPOSE_FILE, '-p', project, ...rest];
}

interface ComposeService {
  ports?: Array<string | { host_ip?: string; published?: string | number }>;
  healthcheck?: { test: string[] };
  restart?: string;
  profiles?: string[];
  networks?: Record<string, { aliases?: string[] } | null>;
  environment?: Record<string, string>;
  volumes?: Array<string | { source?: string; target: string }>;
}

describeRequiring({ tests: 'Compose validation', needs: 'docker-compose', availability: compose, fixHint: COMPOSE_HINT }, 'compose/docker-compose.yml under docker-compose', () => {
  let dir: string;
  let services: Record<string, ComposeService>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vaultplane-compose-'));
    const env = await envFile(dir, { VAULTPLANE_TOKEN: TOKEN, VAULT_PATH: dir });
    const { stdout } = await run('docker-compose', composeArgs(env, 'vp-validate', ...PROFILES.flatMap((p) => ['--profile', p]), 'config'));
    services = (parse(stdout) as { services: Record<string, ComposeService> }).services;
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts only the backend and Ollama by default; every other part is a named profile', () => {
    // A service without profiles is one `up` starts by default (1.29's `config --services` lists all).
    const byDefault = Object.entries(services).filter(([, service]) => !service.profiles?.length).map(([name]) => name);
    expect(byDefault.sort()).toEqual(['backend', 'ollama']);
    expect(Object.keys(services).sort()).toEqual(['agent-runner', 'backend', 'code-server', 'n8n', 'ollama', 'radicle', 'tailscale']);
    const profiled = Object.entries(services).flatMap(([, service]) => service.profiles ?? []);
    expect(profiled.sort()).toEqual([...PROFILES].sort());
  });

  it('publishes every port on 127.0.0.1 only, and gives every service a healthcheck, a restart policy and the one private network', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) {
        const hostIp = typeof port === 'string' ? port.split(':')[0] : port.host_ip;
        expect(hostIp, `${name} publishes ${JSON.stringify(port)}`).toBe('127.0.0.1');
      }
      expect(service.healthcheck?.test.length, `${name} healthcheck`).toBeGreaterThan(0);
      expect(service.restart, `${name} restart`).toBe('unless-stopped');
      expect(Object.keys(service.networks ?? {}), `${name} networks`).toEqual(['vaultplane']);
    }
    expect(services.backend!.ports).toHaveLength(1);
    expect(services.ollama!.ports).toHaveLength(1);
  });

  it('wires the backend to Ollama, the vault, a data volume, the Docker socket, and a workload MCP URL containers can reach', () => {
    const backend = services.backend!;
    expect(backend.environment).toMatchObject({
      OLLAMA_HOST: 'http://ollama:11434',
      VAULTPLANE_WORKLOAD_MCP_URL: 'http://vaultplane:8080/mcp',
      VAULTPLANE_WORKLOAD_NETWORK: 'vaultplane-stack',
      VAULTPLANE_TOKEN: TOKEN,
    });
    expect(backend.networks?.vaultplane?.aliases).toContain('vaultplane');
    const targets = (backend.volumes ?? []).map((volume) => (typeof volume === 'string' ? volume.split(':')[1] : volume.target));
    expect(targets).toEqual(expect.arrayContaining(['/vault', '/data', DOCKER_SOCKET]));
  });

  it('refuses to render without a token or a vault, naming the setting', async () => {
    const noToken = await envFile(dir, { VAULTPLANE_TOKEN: '', VAULT_PATH: dir });
    await expect(run('docker-compose', composeArgs(noToken, 'vp-validate', 'config'))).rejects.toMatchObject({ stderr: expect.stringMatching(/set VAULTPLANE_TOKEN/) });
    const noVault = await envFile(dir, { VAULTPLANE_TOKEN: TOKEN, VAULT_PATH: '' });
    await expect(run('docker-compose', composeArgs(noVault, 'vp-validate', 'config'))).rejects.toMatchObject({ stderr: expect.stringMatching(/set VAULT_PATH/) });
  });

  it('lists every variable the compose file reads in .env.example', async () => {
    const used = new Set([...(await readFile(COMPOSE_FILE, 'utf8')).matchAll(/\$\{([A-Z0-9_]+)/g)].map((match) => match[1]!));
    const documented = new Set([...(await readFile(ENV_EXAMPLE, 'utf8')).matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]!));
    expect([...used].filter((name) => !documented.has(name))).toEqual([]);
  });
});

async function imageId(tag: string): Promise<string | undefined> {
  return run('docker', ['image', 'inspect', '--format', '{{.Id}}', tag]).then(
    ({ stdout }) => stdout.trim(),
    () => undefined,
  );
}

const composeAndDocker = compose.available ? describeWithDocker : (name: string, fn: () => void) => describeRequiring({ tests: 'The compose stack test', needs: 'docker-compose', availability: compose, fixHint: COMPOSE_HINT }, name, fn);

composeAndDocker('the backend image from compose/Dockerfile, started by docker-compose', () => {
  const project = `vp${runId.replace(/[^a-z0-9]/g, '')}`;
  const image = `vaultplane/backend:${runId}`;
  const network = `vaultplane-${runId}`;
  let vault: TempVault;
  let env: string;
  let port: number;
  let baseUrl: string;
  let created = false;
  const compose = (...args: string[]) => run('docker-compose', composeArgs(env, project, ...args), { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });

  beforeAll(async () => {
    await run(join(ROOT, 'scripts/make-node-base-image.sh'), [], { cwd: ROOT });
    // --network host: RUN npm ci needs the registry, and the host's network does not depend on
    // the engine's bridge and NAT set-up. --force-rm: a failed RUN leaves no container behind.
    const build = (...args: string[]) =>
      run('docker', ['build', '--force-rm', '--network', 'host', '-f', 'compose/Dockerfile', '--build-arg', `BASE_IMAGE=${NODE_BASE}`, ...args, '.'], {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
      });
    // The build stage (1.2 GB with every dev dependency) is kept under one tag as the cache for
    // the next run; the one it replaces would otherwise stay behind untagged after every change.
    const previousCache = await imageId(BUILD_CACHE_TAG);
    await build('--target', 'build', '-t', BUILD_CACHE_TAG);
    if (previousCache !== undefined && previousCache !== (await imageId(BUILD_CACHE_TAG))) await run('docker', ['image', 'rm', previousCache]).catch(() => undefined);
    await build('-t', image);
    vault = await createTempVault({}, { fromTemplate: true });
    port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = await envFile(resolve(vault.root, '..'), {
      VAULTPLANE_TOKEN: TOKEN,
      VAULT_PATH: vault.root,
      VAULTPLANE_PORT: String(port),
      VAULTPLANE_IMAGE: image,
      VAULTPLANE_NETWORK: network,
      VAULTPLANE_EMBEDDER: 'builtin',
      DOCKER_GID: String(statSync(DOCKER_SOCKET).gid),
    });
    created = true;
    await compose('up', '-d', '--no-deps', '--no-build', 'backend');
  }, 900_000);

  afterAll(async () => {
    if (created) await compose('down', '--volumes', '--remove-orphans').catch((error: Error) => console.warn(`compose down: ${error.message}`));
    await removeContainersLabelled('vaultplane.label.run', runId);
    await run('docker', ['network', 'rm', network]).catch(() => undefined);
    await run('docker', ['image', 'rm', '--force', image]).catch(() => undefined);
    await vault?.remove();
  }, 120_000);

  it('becomes healthy by its own HEALTHCHECK and answers /health through the published 127.0.0.1 port', async () => {
    const container = (await compose('ps', '-q', 'backend')).stdout.trim();
    const status = await eventually(
      async () => {
        const state = (await run('docker', ['inspect', '--format', '{{.State.Health.Status}} {{.State.Status}}', container])).stdout.trim();
        if (state.endsWith('exited')) throw new Error(`backend exited:\n${(await compose('logs', 'backend')).stdout}`);
        return state.startsWith('healthy') && state;
      },
      'the backend container to report healthy',
      120_000,
    );
    expect(status).toBe('healthy running');
    const user = (await run('docker', ['inspect', '--format', '{{.Config.User}}', container])).stdout.trim();
    expect(user).toBe('10001:10001');

    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as { status: string; vaults: Array<{ files: number }>; node: { engine: { reachable: boolean } } };
    expect(health.status).toBe('ok');
    expect(health.vaults[0]!.files).toBeGreaterThan(0);
    // The socket mount and DOCKER_GID give the non-root backend the engine.
    expect(health.node.engine.reachable).toBe(true);
  });

  it('answers search_notes over MCP with the token, and refuses MCP without it', async () => {
    expect((await fetch(`${baseUrl}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    const client = new Client({ name: 'compose-stack-test', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
    try {
      const results = await eventually(async () => {
        const result = await client.callTool({ name: 'search_notes', arguments: { query: 'spec kit tasks', limit: 5 } });
        const hits = (result.structuredContent as { results?: Array<{ path: string }> } | undefined)?.results ?? [];
        return hits.length > 0 && hits;
      }, 'search_notes to find notes of the mounted vault', 60_000);
      const templatePaths = (await run('find', ['.', '-name', '*.md'], { cwd: vault.root })).stdout.split('\n').map((path) => path.replace(/^\.\//, ''));
      for (const hit of results) expect(templatePaths).toContain(hit.path);
    } finally {
      await client.close();
    }
  });

  it('runs a workload on the compose network that reaches the backend as http://vaultplane:8080', async () => {
    const spec = {
      name: `reach-${runId}`,
      image: TEST_IMAGE,
      // VAULTPLANE_MCP_URL is what the backend hands every workload.
      command: ['sh', '-c', 'wget -q -O - "${VAULTPLANE_MCP_URL%/mcp}/health" && echo REACHED'],
      cpu: 0.1,
      memoryMb: 32,
      labels: { run: runId },
    };
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const scheduled = await fetch(`${baseUrl}/schedule`, { method: 'POST', headers, body: JSON.stringify(spec) });
    expect(scheduled.status).toBe(201);
    const { pod } = (await scheduled.json()) as { pod: { id: string } };
    const finished = await eventually(
      async () => {
        const { pods } = (await (await fetch(`${baseUrl}/pods`, { headers })).json()) as { pods: Array<{ id: string; status: string; exitCode?: number | null }> };
        const found = pods.find((p) => p.id === pod.id);
        return found && found.status !== 'running' && found.status !== 'pending' && found;
      },
      'the workload to finish',
      60_000,
    );
    const logs = (await (await fetch(`${baseUrl}/pods/${pod.id}/logs?follow=false`, { headers })).text());
    expect(logs).toContain('REACHED');
    expect(finished.status).toBe('succeeded');
  });
});
