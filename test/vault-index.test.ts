/**
 * The indexer end to end on real files, real LanceDB tables and a real chokidar watcher:
 * what a user notices is whether search finds their notes, now and after they change.
 */
import { readdir, readFile, rename, rm, symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BuiltinEmbedder, MIN_TRAINING_DOCUMENTS, trainBuiltinModel } from '../mcp-server/src/embed/builtin-embedder';
import type { Embedder } from '../mcp-server/src/embed/embedder';
import { BuiltinEmbedderSource, FixedEmbedderSource } from '../mcp-server/src/index/embedder-source';
import { embeddingText, prepareNote } from '../mcp-server/src/index/note-preparation';
import { scanVault } from '../mcp-server/src/vault/vault-scanner';
import { VaultContext } from '../mcp-server/src/vaults/vault-context';
import { VaultSet } from '../mcp-server/src/vaults/vault-set';
import { createTempVault, eventually, type TempVault } from './support/temp-vault';

const TOPICS: Record<string, string[]> = {
  gardening: ['tomato seedlings need compost and sunlight', 'prune the roses in early spring', 'water the herb garden at dawn'],
  cooking: ['simmer the tomato sauce with garlic and basil', 'knead the bread dough for ten minutes', 'roast vegetables in the oven'],
  docker: ['the container image is built from a dockerfile', 'docker compose starts the backend service', 'limit container memory and cpu'],
  finance: ['the quarterly budget review is due in march', 'invoice the client for consulting hours', 'track expenses in the ledger'],
  travel: ['book the train to lisbon in june', 'pack light for the hiking trip', 'the hotel near the harbour has a view'],
};

function topicNotes(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [topic, lines] of Object.entries(TOPICS)) {
    for (let n = 0; n < 6; n += 1) {
      const body = lines.map((line, i) => `${line} (${topic} ${n}.${i}).`).join('\n\n');
      files[`${topic}/${topic}-note-${n}.md`] =
        `---\ntags: [${topic}]\nstatus: ${n % 2 === 0 ? 'active' : 'done'}\n---\n# ${topic} note ${n}\n\n## Details\n\n${body}\n`;
    }
  }
  return files;
}

let vault: TempVault | undefined;
let context: VaultContext | undefined;

afterEach(async () => {
  await context?.close();
  context = undefined;
  await vault?.remove();
  vault = undefined;
});

async function openContext(root: string, source?: FixedEmbedderSource): Promise<VaultContext> {
  const dataDir = join(root, '.vaultplane');
  const embedderSource = source ?? (await BuiltinEmbedderSource.load(dataDir));
  context = new VaultContext({ name: 'vault', root, dataDir }, embedderSource);
  return context;
}

async function search(ctx: VaultContext, query: string, extra: Record<string, unknown> = {}) {
  return new VaultSet([ctx]).search({ query, limit: 5, ...extra });
}

describe('indexing a vault into LanceDB', () => {
  it('finds notes by their words, points into the file, and honours folder, tag and field filters', async () => {
    vault = await createTempVault(topicNotes());
    const ctx = await openContext(vault.root);
    const report = await ctx.sync();
    expect(report.files).toBe(30);
    expect(report.errors).toBe(0);

    const hits = await search(ctx, 'tomato sauce garlic');
    expect(hits[0]!.path).toMatch(/^cooking\//);
    expect(hits[0]!.heading).toMatch(/Details/);
    expect(hits[0]!.snippet).toMatch(/garlic/);
    expect(hits[0]!.startLine).toBeGreaterThan(4); // after the frontmatter and the title

    const inGarden = await search(ctx, 'tomato', { folder: 'gardening' });
    expect(inGarden.length).toBeGreaterThan(0);
    expect(inGarden.every((hit) => hit.path.startsWith('gardening/'))).toBe(true);

    const tagged = await search(ctx, 'budget', { tags: ['finance'] });
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged.every((hit) => hit.tags.includes('finance'))).toBe(true);

    const active = await search(ctx, 'train lisbon', { fields: { status: 'active' } });
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((hit) => /note-[024]\.md$/.test(hit.path))).toBe(true);
  });

  it('re-embeds only changed notes on restart and drops deleted and renamed ones', async () => {
    vault = await createTempVault(topicNotes());
    let ctx = await openContext(vault.root);
    await ctx.sync();
    await ctx.close();

    await vault.write('travel/travel-note-0.md', '# travel note 0\n\nthe ferry to the islands leaves at noon\n');
    await unlink(join(vault.root, 'finance/finance-note-1.md'));
    await rename(join(vault.root, 'docker/docker-note-2.md'), join(vault.root, 'docker/containers.md'));

    ctx = await openContext(vault.root);
    const report = await ctx.sync();
    expect(report.changed).toBe(2); // the edited note and the renamed one
    expect(report.removed).toBe(2); // the deleted note and the old name
    expect(report.unchanged).toBe(27);

    const ferry = await search(ctx, 'ferry islands');
    expect(ferry[0]!.path).toBe('travel/travel-note-0.md');
    const all = await search(ctx, 'docker compose backend service', { limit: 50 });
    expect(all.some((hit) => hit.path === 'docker/docker-note-2.md')).toBe(false);
    expect(all.some((hit) => hit.path === 'docker/containers.md')).toBe(true);
    const invoices = await search(ctx, 'invoice consulting', { limit: 50 });
    expect(invoices.some((hit) => hit.path === 'finance/finance-note-1.md')).toBe(false);
  });

  it('keeps the index live while watching: saved, atomically replaced, and deleted notes', async () => {
    vault = await createTempVault(topicNotes());
    const ctx = await openContext(vault.root);
    await ctx.sync();
    await ctx.watch();

    await vault.write('inbox/idea.md', '# Idea\n\nA zeppelin mooring mast on the roof.\n');
    await eventually(async () => (await search(ctx, 'zeppelin mooring')).find((hit) => hit.path === 'inbox/idea.md'), 'new note searchable');

    // Atomic save, as many editors do it: write a temp file, rename it over the note.
    await vault.write('inbox/.idea.md.tmp', '# Idea\n\nA hot air balloon festival instead.\n');
    await rename(join(vault.root, 'inbox/.idea.md.tmp'), join(vault.root, 'inbox/idea.md'));
    await eventually(async () => (await search(ctx, 'balloon festival')).find((hit) => hit.path === 'inbox/idea.md'), 'replaced note searchable');
    expect((await search(ctx, 'zeppelin mooring', { mode: 'fullText' })).some((hit) => hit.path === 'inbox/idea.md')).toBe(false);

    await rm(join(vault.root, 'inbox'), { recursive: true });
    await eventually(async () => !(await search(ctx, 'balloon festival', { limit: 50 })).some((hit) => hit.path === 'inbox/idea.md'), 'deleted note gone');
    expect(ctx.indexer.statusOf('inbox/idea.md')).toBeUndefined();
  });

  it('indexes notes with broken frontmatter, skips binary and non-UTF-8 files with reasons, and ignores what it should', async () => {
    vault = await createTempVault({
      ...topicNotes(),
      'broken.md': '---\ntags: [unclosed\ntitle: "oops\n---\n# Broken\n\nThe quokka survives broken YAML.\n',
      'binary.md': new Uint8Array([0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x00, 0xff]),
      'latin1.md': new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x63, 0x72, 0xe8, 0x6d, 0x65]),
      '.obsidian/workspace.md': '# not a note\n\nquokka',
      '.trash/old.md': '# trashed\n\nquokka',
      'private/secret.md': '# secret\n\nquokka diary',
      '.vaultplaneignore': 'private/\n',
      'image.png': new Uint8Array([0x89, 0x50]),
    });
    const ctx = await openContext(vault.root);
    await ctx.sync();

    const broken = ctx.indexer.statusOf('broken.md');
    expect(broken?.state).toBe('indexed');
    expect(broken?.reason).toMatch(/frontmatter/i);
    const quokka = await search(ctx, 'quokka', { limit: 50 });
    expect(quokka[0]!.path).toBe('broken.md');
    expect(quokka.some((hit) => /^(\.obsidian|\.trash|private)\//.test(hit.path))).toBe(false);

    expect(ctx.indexer.statusOf('binary.md')).toMatchObject({ state: 'skipped', reason: expect.stringMatching(/binary/i) });
    expect(ctx.indexer.statusOf('latin1.md')).toMatchObject({ state: 'skipped', reason: expect.stringMatching(/utf-8/i) });
    expect(ctx.indexer.statusOf('private/secret.md')).toBeUndefined();
    expect(ctx.indexer.statusOf('.obsidian/workspace.md')).toBeUndefined();
    expect(ctx.indexer.statusOf('.trash/old.md')).toBeUndefined();
    const summary = ctx.indexer.summary('vault');
    expect(summary).toMatchObject({ skipped: 2, warnings: 1, errors: 0 });
  });

  it('indexes a 20 MB note and finds a line deep inside it with the right line number', async () => {
    const filler = Array.from({ length: 200_000 }, (_, i) => `line ${i} of routine log output about nothing much`).join('\n');
    const lines = filler.split('\n');
    lines.splice(150_000, 0, 'the platypus incident happened here');
    const big = `# Big log\n\n${lines.join('\n')}\n`;
    expect(big.length).toBeGreaterThan(10_000_000);
    vault = await createTempVault({ ...topicNotes(), 'logs/big.md': big });
    const ctx = await openContext(vault.root);
    await ctx.sync();
    const hits = await search(ctx, 'platypus incident');
    expect(hits[0]!.path).toBe('logs/big.md');
    const expectedLine = big.split('\n').indexOf('the platypus incident happened here') + 1;
    expect(hits[0]!.snippetLine).toBe(expectedLine);
    expect(hits[0]!.startLine).toBeLessThanOrEqual(expectedLine);
    expect(hits[0]!.endLine).toBeGreaterThanOrEqual(expectedLine);
  });

  it('carries on when a note is deleted while the index is being built', async () => {
    const many: Record<string, string> = {};
    for (let n = 0; n < 300; n += 1) many[`bulk/note-${String(n).padStart(3, '0')}.md`] = `# Note ${n}\n\nbulk text number ${n}\n`;
    vault = await createTempVault(many);
    const ctx = await openContext(vault.root);
    let deleted = false;
    const report = await ctx.sync((progress) => {
      if (progress.phase === 'read' && !deleted) {
        deleted = true;
        void unlink(join(vault!.root, 'bulk/note-299.md'));
      }
    });
    expect(deleted).toBe(true);
    expect(report.errors).toBe(0);
    expect(ctx.indexer.statusOf('bulk/note-299.md')).toBeUndefined();
    expect(ctx.indexer.statusOf('bulk/note-298.md')?.state).toBe('indexed');
  });

  it('works on an empty vault and picks up the first note while watching', async () => {
    vault = await createTempVault({});
    const ctx = await openContext(vault.root);
    const report = await ctx.sync();
    expect(report.files).toBe(0);
    expect(await search(ctx, 'anything')).toEqual([]);
    await ctx.watch();
    await vault.write('first.md', '# First\n\nHello aardvark.\n');
    await eventually(async () => (await search(ctx, 'aardvark', { mode: 'fullText' })).length > 0, 'first note found by full text');
  });

  it('does not follow a symlink that leaves the vault', async () => {
    const outside = await createTempVault({ 'secret.md': '# Outside\n\nwombat treasure map\n' });
    try {
      vault = await createTempVault(topicNotes());
      await symlink(outside.root, join(vault.root, 'linked'));
      await symlink(join(outside.root, 'secret.md'), join(vault.root, 'secret-link.md'));
      const ctx = await openContext(vault.root);
      await ctx.sync();
      const hits = await search(ctx, 'wombat treasure', { limit: 50 });
      expect(hits.some((hit) => hit.path.startsWith('linked/') || hit.path === 'secret-link.md')).toBe(false);
      expect(ctx.indexer.statusOf('secret-link.md')).toMatchObject({ state: 'error', reason: expect.stringMatching(/outside/i) });
    } finally {
      await outside.remove();
    }
  });

  it('teaches the built-in embedder every chunk in vault order while reading, as training on them all at once would', async () => {
    vault = await createTempVault(topicNotes());
    const ctx = await openContext(vault.root);
    await ctx.sync();
    const root = vault.root;
    const { files } = await scanVault(root, { dataDir: join(root, '.vaultplane') });
    const texts: string[] = [];
    for (const file of files) {
      const prepared = prepareNote(file.path, await readFile(join(root, file.path)), 0);
      texts.push(...prepared.chunks.map(embeddingText));
    }
    expect(texts.length).toBeGreaterThanOrEqual(MIN_TRAINING_DOCUMENTS);
    expect(ctx.indexer.summary('vault').embedder).toBe(new BuiltinEmbedder(trainBuiltinModel(texts)).id);
  });

  it('retrains the built-in embedder when the vault has grown well past what it learned from', async () => {
    vault = await createTempVault(topicNotes());
    let ctx = await openContext(vault.root);
    await ctx.sync();
    const firstEmbedder = ctx.indexer.summary('vault').embedder;
    await ctx.close();
    for (const [path, content] of Object.entries(topicNotes())) await vault.write(`more/${path}`, content.replace(/note/g, 'entry'));
    ctx = await openContext(vault.root);
    const report = await ctx.sync();
    expect(report.reembedReason).toMatch(/retrained/);
    expect(report.changed).toBe(60);
    expect(ctx.indexer.summary('vault').embedder).not.toBe(firstEmbedder);
    expect((await search(ctx, 'roses spring', { folder: 'more' })).length).toBeGreaterThan(0);
  });

  it('retrains the built-in embedder when much of the wording is new to it, though the vault did not grow', async () => {
    vault = await createTempVault(topicNotes());
    let ctx = await openContext(vault.root);
    await ctx.sync();
    const firstEmbedder = ctx.indexer.summary('vault').embedder;
    expect(await search(ctx, 'telescope nebula', { mode: 'vector' })).toEqual([]); // words the model never saw
    await ctx.close();

    // Same notes, same chunk count; three topics of five now speak of other things.
    const renamed: Record<string, string> = { gardening: 'astronomy', cooking: 'sailing', docker: 'pottery' };
    const newLines: Record<string, string[]> = {
      astronomy: ['the telescope shows a faint nebula tonight', 'measure the spectrum of the distant quasar', 'comets orbit beyond neptune'],
      sailing: ['trim the jib before the regatta', 'the keel and rudder need varnish', 'reef the mainsail when gusts arrive'],
      pottery: ['centre the clay on the wheel', 'the kiln fires glaze at cone six', 'trim the bowl when leather hard'],
    };
    for (const [path, content] of Object.entries(topicNotes())) {
      const topic = path.split('/')[0]!;
      const replacement = renamed[topic];
      if (!replacement) continue;
      let rewritten = content.replaceAll(topic, replacement);
      TOPICS[topic]!.forEach((line, i) => (rewritten = rewritten.replace(line, newLines[replacement]![i]!)));
      await vault.write(path, rewritten);
    }
    ctx = await openContext(vault.root);
    const report = await ctx.sync();
    expect(report.reembedReason).toMatch(/retrained/);
    expect(ctx.indexer.summary('vault').embedder).not.toBe(firstEmbedder);
    const hits = await search(ctx, 'telescope nebula', { mode: 'vector' });
    expect(hits[0]?.path).toMatch(/^gardening\//);
    await ctx.close();

    // A restart on the same notes finds the new model fits them: nothing to retrain or re-embed.
    ctx = await openContext(vault.root);
    const again = await ctx.sync();
    expect(again.changed).toBe(0);
    expect(again.reembedReason).toBeUndefined();
  });

  it('re-embeds everything when the embedder changes, never mixing vectors', async () => {
    vault = await createTempVault(topicNotes());
    const first = new CountingEmbedder('test-embedder-a', 8);
    let ctx = await openContext(vault.root, new FixedEmbedderSource(first));
    await ctx.sync();
    expect(first.embedded).toBeGreaterThan(0);
    await ctx.close();

    const same = new CountingEmbedder('test-embedder-a', 8);
    ctx = await openContext(vault.root, new FixedEmbedderSource(same));
    expect((await ctx.sync()).changed).toBe(0);
    expect(same.embedded).toBe(0);
    await ctx.close();

    const other = new CountingEmbedder('test-embedder-b', 16);
    ctx = await openContext(vault.root, new FixedEmbedderSource(other));
    const report = await ctx.sync();
    expect(report.changed).toBe(30);
    expect(report.reembedReason).toMatch(/test-embedder-a/);
    expect(other.embedded).toBe(first.embedded);
    expect((await search(ctx, 'roses spring')).length).toBeGreaterThan(0);
    expect(await readdir(join(vault.root, '.vaultplane'))).toContain('chunks.lance');
  });
});

/** A second, genuinely different embedder (letter-frequency vectors) to exercise the switch. */
class CountingEmbedder implements Embedder {
  embedded = 0;
  constructor(
    readonly id: string,
    readonly dimension: number,
  ) {}
  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    this.embedded += texts.length;
    return texts.map((text) => this.vector(text));
  }
  async embedQuery(text: string): Promise<Float32Array> {
    return this.vector(text);
  }
  private vector(text: string): Float32Array {
    const vector = new Float32Array(this.dimension);
    for (const char of text.toLowerCase()) vector[char.charCodeAt(0) % this.dimension]! += 1;
    const norm = Math.hypot(...vector) || 1;
    return vector.map((value) => value / norm);
  }
}
