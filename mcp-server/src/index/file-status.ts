/** Per-file index state, as `index_status` and `vaultplane status` report it. */
export type FileState = 'indexed' | 'skipped' | 'error';

export interface FileStatus {
  path: string;
  state: FileState;
  /** Why a file was skipped or failed; for indexed files, a warning such as broken frontmatter. */
  reason?: string;
  chunks: number;
  contentHash?: string;
  size?: number;
  indexedAt?: string;
  /** What list_notes shows without touching the disk. */
  title?: string;
  tags?: string[];
  mtimeMs?: number;
  /**
   * Term occurrences in the note's chunks, and how many of them the embedder that embedded
   * them knew (only an embedder with a learned vocabulary counts them).
   */
  terms?: number;
  knownTerms?: number;
}

export interface IndexSummary {
  vault: string;
  embedder: string;
  files: number;
  indexed: number;
  skipped: number;
  errors: number;
  warnings: number;
  chunks: number;
  lastSyncAt?: string;
  /** True while a sync or a re-embed is running. */
  busy: boolean;
}

/** Skipped, failed, or indexed with a warning: what status reports list one by one. */
export function needsAttention(status: FileStatus): boolean {
  return status.state !== 'indexed' || status.reason !== undefined;
}

export function summarizeStatuses(
  statuses: Iterable<FileStatus>,
  context: { vault: string; embedder: string; lastSyncAt?: string; busy: boolean },
): IndexSummary {
  const summary: IndexSummary = { ...context, files: 0, indexed: 0, skipped: 0, errors: 0, warnings: 0, chunks: 0 };
  for (const status of statuses) {
    summary.files += 1;
    summary.chunks += status.chunks;
    if (status.state === 'indexed') {
      summary.indexed += 1;
      if (status.reason) summary.warnings += 1;
    } else if (status.state === 'skipped') summary.skipped += 1;
    else summary.errors += 1;
  }
  return summary;
}
