/**
 * Compaction on real LanceDB files: it waits for a quiet moment instead of running on the save
 * that made it due (at 10k notes it rewrites the whole table: half a second and ~90 MB), and
 * searches stay right before, during and after it.
 */
import * as lancedb from '@lancedb/lancedb';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BuiltinEmbedder, trainBuiltinModel } from '../mcp-server/src/embed/builtin-embedder';
import { FixedEmbedderSource } from '../mcp-server/src/index/embedder-source';
import { VaultIndexer } from '../mcp-server/src/index/vault-indexer';
import { searchIndex } from '../mcp-server/src/search/hybrid-search';
import { createTempVault, eventually, type TempVault } from './support/temp-vault';

const QUIET_MS = 300;

let vault: TempVault | undefined;
let indexer: VaultIndexer | undefined;

afterEach(async () => {
  await indexer?.close();
  indexer = undefined;
  await vault?.remove();
  vault = undefined;
});

/** Data fragments of the chunks table as on disk now: every write adds one until a compaction merges them. */
async function fragmentsOnDisk(dataDir: string): Promise<number> {
  const connection = await lancedb.connect(dataDir);
  const table = await connection.openTable('chunks');
  try {
    return (await table.stats()).fragmentStats.numFragments;
  } finally {
    table.close();
    connection.close();
  }
}

function notes(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let n = 0; n < 40; n += 1) files[`notes/note-${n}.md`] = `# Note ${n}\n\nThe harbour crane ${n} lifts containers onto the ship.\n`;
  return files;
}

describe('index maintenance', () => {
  it('compacts the small writes of many saves once the index is quiet, and search finds every save throughout', async () => {
    vault = await createTempVault(notes());
    const embedder = new BuiltinEmbedder(trainBuiltinModel(Object.values(notes())));
    const dataDir = join(vault.root, '.vaultplane');
    indexer = new VaultIndexer({
      vaultRoot: vault.root,
      dataDir,
      embedderSource: new FixedEmbedderSource(embedder),
      maintenanceQuietMs: QUIET_MS,
    });
    await indexer.sync();
    const { index } = indexer.searchParts()!;
    const fragmentsAfterSync = await fragmentsOnDisk(dataDir);

    // 30 saves: a delete and an add each, 60 small writes, past the 50 that make compaction due.
    for (let save = 0; save < 30; save += 1) {
      const path = `notes/note-${save}.md`;
      await writeFile(join(vault.root, path), `# Note ${save}\n\nEdited: zqsave${save} lighthouse keeper.\n`);
      await indexer.updateFile(path);
    }
    expect(index.compactionDue()).toBe(true);
    // The saves themselves did not wait for a compaction: their fragments are all still there.
    expect(await fragmentsOnDisk(dataDir)).toBeGreaterThan(fragmentsAfterSync + 20);
    const found = async (save: number) =>
      (await searchIndex(index, embedder, { query: `zqsave${save}`, mode: 'fullText', limit: 1 }))[0]?.path === `notes/note-${save}.md`;
    expect(await found(29)).toBe(true);

    await eventually(async () => !index.compactionDue(), 'compaction after a quiet moment', 15_000);
    expect(await fragmentsOnDisk(dataDir)).toBeLessThanOrEqual(2);
    for (const save of [0, 14, 29]) expect(await found(save)).toBe(true);
    expect(await found(30)).toBe(false);
  });
});
