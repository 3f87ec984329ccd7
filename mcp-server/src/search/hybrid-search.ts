/**
 * Hybrid search over one vault: LanceDB full-text (BM25) and vector search run side by side,
 * their rankings are fused by reciprocal rank, and split parts of one section collapse into
 * the best of them. This is the one search path: the MCP tool, the CLI and the quality
 * benchmark all come through here.
 */
import type { Embedder } from '../embed/embedder';
import type { LanceIndex, RankedChunk } from '../index/lance-index';
import type { ChunkFilter } from './chunk-filter';
import { HYBRID_LIST_WEIGHTS, fuseByReciprocalRank } from './rank-fusion';
import { buildSnippet } from './snippet';
import { analyze } from '../embed/text-analysis';

export type SearchMode = 'hybrid' | 'fullText' | 'vector';

export interface SearchRequest extends ChunkFilter {
  query: string;
  limit?: number;
  mode?: SearchMode;
}

export interface SearchHit {
  path: string;
  heading: string;
  title: string;
  snippet: string;
  score: number;
  /** The section's line range in the file (1-based, inclusive). */
  startLine: number;
  endLine: number;
  /** Where the snippet starts, inside that range. */
  snippetLine: number;
  tags: string[];
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;
/** Both rankings are cut well below the table but far enough for fusion to matter. */
const MIN_CANDIDATES = 50;

/** A query made only of words the embedder never saw embeds to zeros: its nearest neighbours would be noise. */
function hasSignal(vector: Float32Array): boolean {
  return vector.some((value) => value !== 0);
}

function sectionKey(chunk: RankedChunk): string {
  return `${chunk.path}\u0000${chunk.headingPath}`;
}

export async function searchIndex(
  index: LanceIndex,
  embedder: Embedder,
  request: SearchRequest,
): Promise<SearchHit[]> {
  const query = request.query.trim();
  if (!query) return [];
  const limit = Math.min(Math.max(1, request.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
  const mode = request.mode ?? 'hybrid';
  const candidates = Math.max(MIN_CANDIDATES, limit * 3);
  const [fullText, vector] = await Promise.all([
    mode === 'vector' ? [] : index.fullTextSearch(query, candidates, request),
    mode === 'fullText' ? [] : embedder.embedQuery(query).then((vec) => (hasSignal(vec) ? index.vectorSearch(vec, candidates, request) : [])),
  ]);

  const byId = new Map<string, RankedChunk>();
  for (const chunk of [...fullText, ...vector]) if (!byId.has(chunk.id)) byId.set(chunk.id, chunk);
  const fused = fuseByReciprocalRank([
    { ids: fullText.map((chunk) => chunk.id), weight: HYBRID_LIST_WEIGHTS.fullText },
    { ids: vector.map((chunk) => chunk.id), weight: HYBRID_LIST_WEIGHTS.vector },
  ]);

  const hits: SearchHit[] = [];
  const seenSections = new Set<string>();
  for (const { id, score } of fused) {
    const chunk = byId.get(id)!;
    const key = sectionKey(chunk);
    if (seenSections.has(key)) continue;
    seenSections.add(key);
    const snippet = buildSnippet(chunk.text, chunk.startLine, query, (text) => analyze(text));
    hits.push({
      path: chunk.path,
      heading: chunk.headingPath,
      title: chunk.title,
      snippet: snippet.text,
      score,
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      snippetLine: snippet.startLine,
      tags: chunk.tags,
    });
    if (hits.length >= limit) break;
  }
  return hits;
}
