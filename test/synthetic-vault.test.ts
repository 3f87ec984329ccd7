import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import matter from 'gray-matter';
import { remark } from 'remark';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEditParagraph, editToken, generateSyntheticVault, pickEditTarget } from '../bench/synthetic-vault';
import { resolveWikilink } from '../mcp-server/src/vault/wikilink-resolution';

const temporary: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vaultplane-synthetic-'));
  temporary.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function readVault(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(dir, full).split(sep).join('/'), await readFile(full, 'utf8'));
  }
  return files;
}

function vaultHash(files: Map<string, string>): string {
  const hash = createHash('sha256');
  for (const path of [...files.keys()].sort()) hash.update(`${path}\0${files.get(path)}\0`);
  return hash.digest('hex');
}

interface MdNode {
  type: string;
  depth?: number;
  children?: MdNode[];
  value?: string;
}

function headingTexts(markdown: string): string[] {
  const texts: string[] = [];
  const visit = (node: MdNode): void => {
    if (node.type === 'heading') texts.push(plainText(node));
    node.children?.forEach(visit);
  };
  visit(remark().parse(markdown) as MdNode);
  return texts;
}

function plainText(node: MdNode): string {
  return node.value ?? (node.children ?? []).map(plainText).join('');
}

const WIKILINK = /!?\[\[([^\]|#]+)(?:#([^\]|]+))?(?:\|[^\]]+)?\]\]/g;

describe('generateSyntheticVault', () => {
  it('writes a byte-identical vault for the same seed and a different one for another seed', async () => {
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    await generateSyntheticVault(a, { notes: 150, seed: 7 });
    await generateSyntheticVault(b, { notes: 150, seed: 7 });
    await generateSyntheticVault(c, { notes: 150, seed: 8 });

    const hashA = vaultHash(await readVault(a));
    expect(vaultHash(await readVault(b))).toBe(hashA);
    expect(vaultHash(await readVault(c))).not.toBe(hashA);
  });

  it('creates exactly the requested number of notes and reports their size', async () => {
    const dir = await tempDir();
    const summary = await generateSyntheticVault(dir, { notes: 150, seed: 3 });
    const files = await readVault(dir);

    expect(files.size).toBe(150);
    expect([...files.keys()].every((path) => path.endsWith('.md'))).toBe(true);
    expect(summary.notes).toBe(150);
    expect(summary.paths.sort()).toEqual([...files.keys()].sort());
    expect(summary.bytes).toBe([...files.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0));
  });

  it('makes a vault shaped like a real one: folders, frontmatter, headings, Spec-Kit tasks, long sections', async () => {
    const dir = await tempDir();
    await generateSyntheticVault(dir, { notes: 150, seed: 11 });
    const files = await readVault(dir);

    const folders = new Set([...files.keys()].map((path) => path.split('/')[0]));
    expect([...folders].sort()).toEqual(['areas', 'daily', 'meetings', 'projects', 'resources', 'specs']);

    let withFrontmatter = 0;
    let longestSection = 0;
    for (const [path, text] of files) {
      const parsed = matter(text); // throws on broken YAML
      if (text.startsWith('---\n')) {
        withFrontmatter++;
        expect(Object.keys(parsed.data).length, path).toBeGreaterThan(0);
        if ('tags' in parsed.data) expect(Array.isArray(parsed.data.tags), path).toBe(true);
      }
      expect(headingTexts(parsed.content).length, path).toBeGreaterThan(0);
      for (const section of parsed.content.split(/^#{1,3} /m)) longestSection = Math.max(longestSection, section.length);
    }
    expect(withFrontmatter).toBeGreaterThan(files.size / 2);
    expect(withFrontmatter).toBeLessThan(files.size);
    // A section this long has to be split into several chunks by the indexer.
    expect(longestSection).toBeGreaterThan(6000);

    const tasks = [...files].filter(([path]) => /^specs\/\d{3}-[a-z0-9-]+\/tasks\.md$/.test(path));
    expect(tasks.length).toBeGreaterThan(0);
    for (const [, text] of tasks) {
      expect(text).toMatch(/^## Phase 1: Setup$/m);
      expect(text).toMatch(/^- \[[ x]\] T001( \[P\])? \S/m);
      expect(text).toMatch(/^- \[[ x]\] T\d{3}( \[P\])? \[US1\] .+ in src\//m);
    }

    const all = [...files.values()].join('\n');
    expect(all).toMatch(/\[\[[^\]|#]+\|[^\]]+\]\]/); // [[note|alias]]
    expect(all).toMatch(/\[\[[^\]|#]+#[^\]]+\]\]/); // [[note#heading]]
    expect(all).toMatch(/!\[\[[^\]]+\]\]/); // ![[embed]]
    expect(all).toMatch(/ #[a-z]+\/[a-z-]+/); // inline #tag/sub
    expect(all).toMatch(/^```(ts|bash|yaml|json|python)$/m);
  });

  it('links only to notes and headings that exist', async () => {
    const dir = await tempDir();
    await generateSyntheticVault(dir, { notes: 150, seed: 5 });
    const files = await readVault(dir);
    const paths = [...files.keys()];

    let links = 0;
    for (const [path, text] of files) {
      for (const [, target, heading] of text.matchAll(WIKILINK)) {
        links++;
        // Resolved by the vault's own Obsidian rules, as the index resolves links.
        const resolved = resolveWikilink(target!, paths);
        expect(resolved, `${path} links to missing [[${target}]]`).not.toBeNull();
        if (heading) expect(headingTexts(matter(files.get(resolved!)!).content), `${path} → ${target}#${heading}`).toContain(heading);
      }
    }
    expect(links).toBeGreaterThan(150);
  });

  it('refuses to write into a directory that already holds files', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'mine.md'), '# keep me\n');

    await expect(generateSyntheticVault(dir, { notes: 5 })).rejects.toThrow('is not empty');
    expect(await readFile(join(dir, 'mine.md'), 'utf8')).toBe('# keep me\n');
  });
});

describe('edit helpers for "time until an edit is searchable"', () => {
  it('pick a plain note and add a word that no other note contains', async () => {
    const dir = await tempDir();
    const { paths } = await generateSyntheticVault(dir, { notes: 60, seed: 9 });
    const token = editToken(4);

    const target = pickEditTarget(paths, 9, 4);
    expect(pickEditTarget(paths, 9, 4)).toBe(target);
    expect(paths).toContain(target);
    expect(target.startsWith('specs/')).toBe(false);

    const before = await readVault(dir);
    expect([...before.values()].some((text) => text.includes(token))).toBe(false);

    const original = before.get(target)!;
    const edited = appendEditParagraph(original, token);
    expect(edited.startsWith(original)).toBe(true);
    expect(edited).toContain(token);
    expect(edited.endsWith('\n')).toBe(true);
  });
});
