/**
 * `npm run bench:index`: indexing and search speed on deterministic synthetic vaults.
 * Each vault size runs in its own child process so peak RSS belongs to that size alone.
 * Then each vault is served by the built `vaultplane serve`, as a user runs it, and its peak RSS,
 * search and saved → searchable latencies are measured over HTTP MCP (`served`; skip: --no-served).
 * Prints one JSON document. Usage: tsx bench/index-bench.ts [--notes 1000,10000] [--edits 50] [--queries 200] [--no-served]
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BuiltinEmbedderSource } from '../mcp-server/src/index/embedder-source';
import { createServer } from '../mcp-server/src/server/index';
import { VaultContext } from '../mcp-server/src/vaults/vault-context';
import { VaultSet } from '../mcp-server/src/vaults/vault-set';
import { percentile } from './percentile';
import { measureServedRun, type ServedRunResult } from './served-run';
import processSettings from '../bin/process-settings.json';
import { generateSyntheticVault } from './synthetic-vault';


const QUERY_WORDS = [
  'release plan risks', 'database migration rollback', 'meeting notes budget', 'onboarding checklist',
  'latency regression', 'api design review', 'customer feedback roadmap', 'security audit findings',
  'weekly retrospective', 'deployment pipeline', 'incident postmortem', 'hiring plan', 'performance tuning',
  'architecture decision', 'test coverage', 'documentation gaps', 'vendor contract', 'quarterly goals',
];

interface SizeResult {
  notes: number;
  coldIndexSeconds: number;
  notesPerSecond: number;
  chunks: number;
  /** Peak RSS once the cold index is done (indexing alone). */
  peakRssAfterIndexMb: number;
  /** Peak RSS over the whole run: index, 600 searches, watching, edits. */
  peakRssMb: number;
  /** Peak RSS so far at the end of each stage, to see which one raised it. */
  peakRssMbByStage: Record<string, number>;
  savedToSearchableMs: { p50: number; p95: number; edits: number };
  searchInProcessMs: { p50: number; p95: number };
  searchOverMcpMs: { p50: number; p95: number };
  rawLanceHybridMs: { p50: number; p95: number };
  queries: number;
  /** The same vault served by the built `vaultplane serve` process, searched over HTTP MCP. */
  served?: ServedRunResult;
}

function argument(name: string, fallback: string): string {
  const position = process.argv.indexOf(`--${name}`);
  return position >= 0 ? process.argv[position + 1]! : fallback;
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function timeEach(count: number, work: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await work(i);
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** Runs in a child process on a vault the parent generated, so generating does not count in its RSS. */
async function measureSize(root: string, notes: number, edits: number, queries: number): Promise<SizeResult> {
  {
    const dataDir = join(root, '.vaultplane');
    const context = new VaultContext({ name: 'bench', root, dataDir }, await BuiltinEmbedderSource.load(dataDir));
    const started = performance.now();
    const report = await context.sync();
    const coldIndexSeconds = (performance.now() - started) / 1000;
    const peakRssAfterIndexMb = peakRssMb();
    const peakRssMbByStage: Record<string, number> = { index: peakRssAfterIndexMb };
    const vaults = new VaultSet([context]);
    const parts = context.indexer.searchParts()!;

    // Warm up once so the first query's table open is not counted as search latency.
    for (const query of QUERY_WORDS) await vaults.search({ query });
    const searchInProcessMs = await timeEach(queries, (i) => vaults.search({ query: QUERY_WORDS[i % QUERY_WORDS.length]!, limit: 10 }));
    peakRssMbByStage.searchInProcess = peakRssMb();
    const rawLanceHybridMs = await timeEach(queries, async (i) => {
      const query = QUERY_WORDS[i % QUERY_WORDS.length]!;
      await parts.index.nativeHybridSearch(query, await parts.embedder.embedQuery(query), 10);
    });
    peakRssMbByStage.rawLanceHybrid = peakRssMb();

    const { server } = createServer({ vaults });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(serverTransport);
    const client = new Client({ name: 'bench', version: '1' });
    await client.connect(clientTransport);
    const searchOverMcpMs = await timeEach(queries, (i) =>
      client.callTool({ name: 'search_notes', arguments: { query: QUERY_WORDS[i % QUERY_WORDS.length]!, limit: 10 } }),
    );
    await client.close();
    peakRssMbByStage.searchOverMcp = peakRssMb();

    await context.watch();
    peakRssMbByStage.watching = peakRssMb();
    const indexed = context.indexer.allStatuses().filter((status) => status.state === 'indexed');
    const savedToSearchable: number[] = [];
    for (let edit = 0; edit < edits; edit += 1) {
      const target = indexed[(edit * 7919) % indexed.length]!.path;
      const marker = `zqmarker${edit}x${notes}`;
      const original = await readFile(join(root, target), 'utf8');
      const savedAt = performance.now();
      await writeFile(join(root, target), `${original}\n\nEdited: ${marker}\n`);
      for (;;) {
        const hits = await vaults.search({ query: marker, limit: 1, mode: 'fullText' });
        if (hits[0]?.path === target) break;
        if (performance.now() - savedAt > 30_000) throw new Error(`edit ${edit} never became searchable`);
        await new Promise((r) => setTimeout(r, 2));
      }
      savedToSearchable.push(performance.now() - savedAt);
    }
    peakRssMbByStage.edits = peakRssMb();
    await vaults.close();
    const result = {
      notes,
      coldIndexSeconds: Number(coldIndexSeconds.toFixed(2)),
      notesPerSecond: Math.round(report.files / coldIndexSeconds),
      chunks: report.chunksWritten,
      peakRssAfterIndexMb,
      peakRssMb: peakRssMb(),
      peakRssMbByStage,
      savedToSearchableMs: { p50: percentile(savedToSearchable, 50), p95: percentile(savedToSearchable, 95), edits },
      searchInProcessMs,
      searchOverMcpMs,
      rawLanceHybridMs,
      queries,
    };
    return result;
  }
}

async function main(): Promise<void> {
  const edits = Number(argument('edits', '50'));
  const queries = Number(argument('queries', '200'));
  const child = argument('child', '');
  if (child) {
    const notes = Number(argument('size', '0'));
    process.stdout.write(JSON.stringify(await measureSize(child, notes, edits, queries)));
    return;
  }
  const sizes = argument('notes', '1000,10000').split(',').map(Number);
  const served = !process.argv.includes('--no-served');
  const results: SizeResult[] = [];
  for (const notes of sizes) {
    const parent = await mkdtemp(join(tmpdir(), 'vaultplane-bench-'));
    try {
      const root = join(parent, 'vault');
      process.stderr.write(`bench:index: generating ${notes} notes…\n`);
      await generateSyntheticVault(root, { notes, seed: 42 });
      process.stderr.write(`bench:index: indexing and searching ${notes} notes…\n`);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [...processSettings.nodeFlags, ...process.execArgv, process.argv[1]!, '--child', root, '--size', String(notes), '--edits', String(edits), '--queries', String(queries)],
        // As the vaultplane command runs itself (bin/vaultplane.js, bin/process-settings.json).
        { maxBuffer: 16 * 1024 * 1024, env: { ...processSettings.env, ...process.env } },
      );
      const result = JSON.parse(stdout) as SizeResult;
      if (served) {
        // A fresh copy of the same vault: the in-process run left its index and edits behind.
        await rm(root, { recursive: true, force: true });
        await generateSyntheticVault(root, { notes, seed: 42 });
        process.stderr.write(`bench:index: serving ${notes} notes with vaultplane serve…\n`);
        result.served = await measureServedRun(root, notes, {
          queries: queries * 3,
          edits,
          queryWords: QUERY_WORDS,
          log: (message) => process.stderr.write(`bench:index: ${message}\n`),
        });
      }
      results.push(result);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'index', machine: { cpus: cpus().length }, results }, null, 2)}\n`);
}

await main();
