/**
 * `npm run bench:quality`: retrieval quality of the default search on the Cranfield collection.
 *
 * Writes every Cranfield document as a note (`# <title>` then the abstract) into a temporary
 * vault, indexes it with the default (built-in) embedder through the real indexer, then runs all
 * 225 queries through VaultSet.search, the path the search_notes tool takes, once per mode:
 * hybrid (the default), full text only and vector only. Prints one JSON document:
 * `{ hybrid, fullText, vector }`, each `{ ndcg10, recall100, mrr10, queries, p50ms, p95ms }`,
 * plus what was indexed, plus `hybridListWeights`: the full-text and vector rankings above fused
 * with HYBRID_LIST_WEIGHTS (rank-fusion.ts), to show what those weights give before the search
 * path adopts them. Reads ../shared/eval/cranfield (or $VAULTPLANE_EVAL_DIR/cranfield); when
 * the collection is absent it says so and exits 0.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuiltinEmbedderSource } from '../mcp-server/src/index/embedder-source';
import type { SearchMode } from '../mcp-server/src/search/hybrid-search';
import { fuseByReciprocalRank, HYBRID_LIST_WEIGHTS } from '../mcp-server/src/search/rank-fusion';
import { VaultContext } from '../mcp-server/src/vaults/vault-context';
import { VaultSet } from '../mcp-server/src/vaults/vault-set';
import { defaultCranfieldDir, documentNote, findCranfield, loadCranfield } from './cranfield';
import { summarizeQuality, type QualityFigures, type QueryOutcome } from './metrics';

/** Deep enough for recall@100. */
const LIMIT = 100;
const MODES: SearchMode[] = ['hybrid', 'fullText', 'vector'];

function noteName(docId: string): string {
  return `cran-${docId.padStart(4, '0')}.md`;
}

function docIdOf(path: string): string | undefined {
  const match = /cran-0*(\d+)\.md$/.exec(path);
  return match?.[1];
}

async function main(): Promise<void> {
  const dir = findCranfield();
  if (!dir) {
    const reason = `Cranfield collection not found at ${defaultCranfieldDir()} (set VAULTPLANE_EVAL_DIR to the folder that holds cranfield/); quality benchmark skipped`;
    process.stderr.write(`bench:quality: ${reason}\n`);
    process.stdout.write(`${JSON.stringify({ skipped: reason })}\n`);
    return;
  }
  const collection = await loadCranfield(dir);
  const root = await mkdtemp(join(tmpdir(), 'vaultplane-quality-'));
  const vaultRoot = join(root, 'vault');
  const dataDir = join(root, 'data');
  let context: VaultContext | undefined;
  try {
    await mkdir(vaultRoot, { recursive: true });
    for (const doc of collection.documents) await writeFile(join(vaultRoot, noteName(doc.id)), documentNote(doc));

    const started = performance.now();
    context = new VaultContext({ name: 'cranfield', root: vaultRoot, dataDir }, await BuiltinEmbedderSource.load(dataDir));
    const report = await context.sync();
    const indexSeconds = (performance.now() - started) / 1000;
    const vaults = new VaultSet([context]);

    const outcomes = {} as Record<SearchMode, QueryOutcome[]>;
    for (const mode of MODES) {
      outcomes[mode] = [];
      for (const query of collection.queries) {
        const begin = performance.now();
        const hits = await vaults.search({ query: query.text, limit: LIMIT, mode });
        const ms = performance.now() - begin;
        const ranking = hits.map((hit) => docIdOf(hit.path)).filter((id): id is string => id !== undefined);
        outcomes[mode].push({ ranking, judged: collection.judgements.get(query.id) ?? new Map(), ms });
      }
    }
    const results = Object.fromEntries(MODES.map((mode) => [mode, summarizeQuality(outcomes[mode])])) as Record<SearchMode, QualityFigures>;
    const reweighted = outcomes.fullText.map((fullText, index) => {
      const vector = outcomes.vector[index]!;
      const fused = fuseByReciprocalRank([
        { ids: fullText.ranking, weight: HYBRID_LIST_WEIGHTS.fullText },
        { ids: vector.ranking, weight: HYBRID_LIST_WEIGHTS.vector },
      ]);
      return { ranking: fused.slice(0, LIMIT).map((item) => item.id), judged: fullText.judged, ms: fullText.ms + vector.ms };
    });
    const summary = context.indexer.summary('cranfield');
    process.stdout.write(
      `${JSON.stringify(
        {
          ...results,
          hybridListWeights: { weights: HYBRID_LIST_WEIGHTS, ...summarizeQuality(reweighted) },
          collection: 'cranfield',
          documents: collection.documents.length,
          chunks: report.chunksWritten,
          embedder: summary.embedder,
          indexSeconds: Number(indexSeconds.toFixed(2)),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await context?.close();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
