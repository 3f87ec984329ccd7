import * as lancedb from '@lancedb/lancedb';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

// What an index holds, read straight from its files (the LanceDB table and the status file),
// not through the code under test, in a form two indexes can be compared by. Two indexes are
// equal when they hold the same chunk rows (every stored column, the vector as its exact
// bytes), no row twice, built by the same embedder, and record the same per-note status.
// That is everything search reads: equal snapshots answer every query the same way.

export interface IndexSnapshot {
  embedder: string | undefined;
  /** Full-text search needs it; a crash between the rows and the index build must not lose it. */
  fullTextIndex: boolean;
  /** One line per chunk row, sorted: id, path, lines, heading, hashes of text and vector, tags, fields, content hash, mtime. */
  rows: string[];
  /** Ids that appear on more than one row (a torn or doubled write). */
  duplicateIds: string[];
  /** One line per note from index-status.json without indexedAt (when it was indexed, not what). */
  statuses: string[];
}

const sha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex').slice(0, 16);

export async function readIndexSnapshot(dataDir: string): Promise<IndexSnapshot> {
  const connection = await lancedb.connect(dataDir);
  try {
    const table = await connection.openTable('chunks');
    try {
      const embedder = (await table.schema()).metadata.get('vaultplane.embedder');
      const fullTextIndex = (await table.listIndices()).some((index) => index.indexType === 'FTS');
      const rows = (await table.query().toArray()).map((row) => {
        const vector = Float32Array.from(row.vector as Iterable<number>);
        const list = (value: unknown) => (value == null ? [] : Array.from(value as Iterable<unknown>, String));
        return [
          row.id,
          row.path,
          `${row.startLine}-${row.endLine}#${row.ordinal}`,
          row.headingPath,
          row.title,
          sha(String(row.text)),
          sha(new Uint8Array(vector.buffer)),
          list(row.tags).join(','),
          list(row.fields).join(','),
          row.contentHash,
          row.mtimeMs,
        ].join(' | ');
      });
      rows.sort();
      const ids = rows.map((row) => row.slice(0, row.indexOf(' | ')));
      const duplicateIds = [...new Set(ids.filter((id, position) => ids.indexOf(id) !== position))];
      const status = JSON.parse(await readFile(join(dataDir, 'index-status.json'), 'utf8')) as { embedder?: string; files: Array<Record<string, unknown>> };
      const statuses = status.files.map(({ indexedAt: _indexedAt, ...rest }) => JSON.stringify(rest, Object.keys(rest).sort())).sort();
      if (status.embedder !== embedder) statuses.push(`status file embedder ${status.embedder} != table embedder ${embedder}`);
      return { embedder, fullTextIndex, rows, duplicateIds, statuses };
    } finally {
      table.close();
    }
  } finally {
    connection.close();
  }
}

/** Lines that differ between two snapshots (at most `limit`), empty when they are equal. */
export function snapshotDifferences(actual: IndexSnapshot, expected: IndexSnapshot, limit = 10): string[] {
  const differences: string[] = [];
  if (actual.embedder !== expected.embedder) differences.push(`embedder ${actual.embedder} != ${expected.embedder}`);
  if (actual.fullTextIndex !== expected.fullTextIndex) differences.push(`full-text index ${actual.fullTextIndex ? 'present' : 'missing'} after the crash`);
  for (const id of actual.duplicateIds) differences.push(`duplicate row ${id}`);
  const compare = (what: string, a: string[], b: string[]) => {
    const inB = new Set(b);
    const inA = new Set(a);
    for (const line of a) if (!inB.has(line)) differences.push(`${what} only after the crash: ${line}`);
    for (const line of b) if (!inA.has(line)) differences.push(`${what} only in the fresh index: ${line}`);
  };
  compare('row', actual.rows, expected.rows);
  compare('status', actual.statuses, expected.statuses);
  return differences.slice(0, limit);
}

/** sha256 of every file under `root` except the folders named in `skip`, by relative path. */
export async function hashTree(root: string, skip: string[] = []): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (skip.includes(path)) continue;
      if (entry.isDirectory()) await walk(path);
      else hashes.set(relative(root, path), createHash('sha256').update(await readFile(path)).digest('hex'));
    }
  };
  await walk(root);
  return hashes;
}

/** Paths whose bytes differ, appeared or vanished between two hashTree results. */
export function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed = [...before].filter(([path, hash]) => after.get(path) !== hash).map(([path]) => path);
  return [...changed, ...[...after.keys()].filter((path) => !before.has(path))];
}
