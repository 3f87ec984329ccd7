/**
 * The product as a user runs it: `vaultplane serve` (the built CLI, with the memory settings
 * bin/vaultplane.js gives itself) on a vault it has never indexed, then searches and edits
 * through Streamable HTTP MCP. Peak RSS is read from the server's own /proc entry, so neither
 * this driver nor a TypeScript loader counts in it.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../test/support/orchestrator-process';
import { percentile } from './percentile';

const CLI = join(import.meta.dirname, '..', 'bin', 'vaultplane.js');
const BUILD_SCRIPT = join(import.meta.dirname, '..', 'scripts', 'build.mjs');
const READY_TIMEOUT_MS = 10 * 60_000;
/** Longer than the quiet time the indexer waits for before it compacts (2 s). */
const MAINTENANCE_SETTLE_MS = 3000;

export interface ServedRunResult {
  /** Highest RSS the server process reached, by the end of each stage. */
  peakRssMbByStage: { index: number; searches: number; edits: number };
  peakRssMb: number;
  /** RSS right after the searches burst and after the edits: what the server holds between bursts. */
  rssMbAfter: { searches: number; edits: number };
  coldIndexSeconds: number;
  searchOverHttpMs: { p50: number; p95: number; queries: number };
  savedToSearchableMs: { p50: number; p95: number; edits: number };
}

function statusKb(pid: number, field: string): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
    return line ? Number(/(\d+)/.exec(line)![1]) : 0;
  } catch {
    return 0;
  }
}

/** bin/vaultplane.js re-runs itself once with its memory settings: the server is that child. */
function serverPid(launcher: ChildProcess): number {
  const children = readFileSync(`/proc/${launcher.pid}/task/${launcher.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return children.length > 0 ? Number(children[0]) : launcher.pid!;
}

const mb = (kb: number) => Math.round(kb / 1024);

let cliBuild: Promise<unknown> | undefined;

/** Measures the code as it is now, not whatever dist/ an earlier build left; once per benchmark run. */
function buildCliOnce(): Promise<unknown> {
  cliBuild ??= promisify(execFile)(process.execPath, [BUILD_SCRIPT, '--cli'], { cwd: join(import.meta.dirname, '..') });
  return cliBuild;
}

/** Waits until the first sync has indexed every note and nothing is being indexed now. */
async function untilIndexIdle(client: Client, notes: number, started: number, output: () => string): Promise<void> {
  for (;;) {
    const status = (await client.callTool({ name: 'index_status', arguments: {} })).structuredContent as {
      vaults: Array<{ indexed: number; busy: boolean; lastSyncAt?: string }>;
    };
    const vault = status.vaults[0]!;
    if (vault.lastSyncAt && !vault.busy && vault.indexed >= notes) return;
    if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`serve did not finish indexing:\n${output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function measureServedRun(
  root: string,
  notes: number,
  options: { queries: number; edits: number; queryWords: string[]; log: (message: string) => void },
): Promise<ServedRunResult> {
  await buildCliOnce();
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  let output = '';
  const launcher = spawn(process.execPath, [CLI, 'serve', '--vault', root, '--port', String(port), '--embedder', 'builtin'], {
    env: { ...process.env, VAULTPLANE_TOKEN: token, MALLOC_ARENA_MAX: undefined },
    stdio: ["ignore", "pipe", "pipe"],
  });
  launcher.stdout!.on('data', (data: Buffer) => (output = (output + data.toString()).slice(-4000)));
  launcher.stderr!.on('data', (data: Buffer) => (output = (output + data.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => launcher.once('exit', () => resolve()));
  const client = new Client({ name: 'bench-served', version: '1' });
  try {
    const started = performance.now();
    const url = new URL(`http://127.0.0.1:${port}/mcp`);
    const headers = { Authorization: `Bearer ${token}` };
    // /health answers once the server listens; an MCP session is opened only then.
    for (;;) {
      if (launcher.exitCode !== null) throw new Error(`vaultplane serve exited (${launcher.exitCode}):\n${output}`);
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`serve never answered /health:\n${output}`);
      const healthy = await fetch(new URL('/health', url)).then((response) => response.ok, () => false);
      if (healthy) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
    await untilIndexIdle(client, notes, started, () => output);
    const coldIndexSeconds = Number(((performance.now() - started) / 1000).toFixed(2));
    const pid = serverPid(launcher);
    const peakRssMbByStage = { index: mb(statusKb(pid, 'VmHWM')), searches: 0, edits: 0 };
    options.log(`served run: indexed in ${coldIndexSeconds} s, peak ${peakRssMbByStage.index} MB; searching…`);

    const searchTimes: number[] = [];
    for (let i = 0; i < options.queries; i += 1) {
      const query = options.queryWords[i % options.queryWords.length]!;
      const begun = performance.now();
      await client.callTool({ name: 'search_notes', arguments: { query, limit: 10 } });
      searchTimes.push(performance.now() - begun);
    }
    peakRssMbByStage.searches = mb(statusKb(pid, 'VmHWM'));
    const rssAfterSearches = mb(statusKb(pid, 'VmRSS'));

    const editTimes: number[] = [];
    const notePaths = (await readdir(root, { recursive: true })).filter((path) => path.endsWith('.md')).sort();
    for (let edit = 0; edit < options.edits; edit += 1) {
      const target = join(root, notePaths[(edit * 7919) % notePaths.length]!);
      const marker = `zqserved${edit}x${notes}`;
      const original = await readFile(target, 'utf8');
      const savedAt = performance.now();
      await writeFile(target, `${original}\nEdited: ${marker}\n`);
      for (;;) {
        const result = await client.callTool({ name: 'search_notes', arguments: { query: marker, limit: 1 } });
        const hits = (result.structuredContent as { results?: unknown[] } | undefined)?.results ?? [];
        if (hits.length > 0) break;
        if (performance.now() - savedAt > 30_000) throw new Error(`served edit ${edit} never became searchable`);
        await new Promise((r) => setTimeout(r, 5));
      }
      editTimes.push(performance.now() - savedAt);
    }
    // The edits made a compaction due; it runs once the index has been quiet for a moment.
    // Let it run, and count it.
    await new Promise((r) => setTimeout(r, MAINTENANCE_SETTLE_MS));
    await untilIndexIdle(client, notes, started, () => output);
    peakRssMbByStage.edits = mb(statusKb(pid, 'VmHWM'));
    return {
      peakRssMbByStage,
      peakRssMb: Math.max(...Object.values(peakRssMbByStage)),
      rssMbAfter: { searches: rssAfterSearches, edits: mb(statusKb(pid, 'VmRSS')) },
      coldIndexSeconds,
      searchOverHttpMs: { p50: percentile(searchTimes, 50), p95: percentile(searchTimes, 95), queries: options.queries },
      savedToSearchableMs: { p50: percentile(editTimes, 50), p95: percentile(editTimes, 95), edits: options.edits },
    };
  } catch (error) {
    throw new Error(`served run failed: ${(error as Error).message} ${(error as Error).cause ?? ''}\nserver output:\n${output}`);
  } finally {
    await client.close().catch(() => undefined);
    launcher.kill('SIGTERM');
    await exited;
  }
}
