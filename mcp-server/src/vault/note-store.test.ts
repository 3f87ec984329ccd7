import { chmod, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJailFixture, type JailFixture } from './jail-fixture';
import { hashContent } from './note-text';
import { NoteStore, toWritableNotePath } from './note-store';
import { NoteConflictError, VaultError } from './vault-errors';

let fixture: JailFixture;
let base: string;
let vault: string;
let outside: string;
let store: NoteStore;

beforeEach(async () => {
  fixture = await createJailFixture('vaultplane-notes-', 'top secret\n');
  ({ base, vault, outside } = fixture);
  store = new NoteStore(vault, { dataDir: join(vault, '.vaultplane') });
});

afterEach(() => fixture.remove());

const put = (path: string, content: string | Uint8Array) => fixture.put(path, content);
const text = (path: string) => readFile(join(vault, path), 'utf8');

async function failure(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    return error as VaultError;
  }
  throw new Error('expected the call to fail');
}

/** Every file under the vault, to prove a refused call left nothing behind. */
async function listAll(folder = vault, prefix = ''): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) names.push(...(await listAll(join(folder, entry.name), `${path}/`)));
    else names.push(path);
  }
  return names.sort();
}

describe('NoteStore.read', () => {
  it('returns the text, the hash of the exact bytes, line count, mtime and size', async () => {
    await put('notes/a.md', '# A\nline two\n');
    const note = await store.read('notes/a.md');
    const info = await stat(join(vault, 'notes/a.md'));
    expect(note).toEqual({
      path: 'notes/a.md',
      content: '# A\nline two\n',
      hash: hashContent('# A\nline two\n'),
      totalLines: 2,
      startLine: 1,
      endLine: 2,
      mtimeMs: info.mtimeMs,
      size: 13,
    });
  });

  it('finds a note when the caller leaves out .md, or sends the path URL-encoded', async () => {
    await put('My Notes/Plan v1.2.md', 'plan\n');
    expect((await store.read('My Notes/Plan v1.2')).path).toBe('My Notes/Plan v1.2.md');
    expect((await store.read('My%20Notes%2FPlan%20v1.2.md')).content).toBe('plan\n');
  });

  it('returns only the requested lines of a 20 MB note, with the hash of the whole file', async () => {
    const line = `${'x'.repeat(99)}\n`;
    const lines = Array.from({ length: 210_000 }, (_, i) => (i === 150_000 ? 'needle line\n' : line));
    const big = lines.join('');
    await put('big.md', big);
    const note = await store.read('big.md', { startLine: 150_000, endLine: 150_002 });
    expect(note.size).toBe(big.length);
    expect(note.size).toBeGreaterThanOrEqual(20_000_000);
    expect(note.totalLines).toBe(210_000);
    expect(note.content).toBe(`${line}needle line\n${line}`);
    expect(note.hash).toBe(hashContent(big));
  });

  it('says how to find a note that does not exist', async () => {
    const error = await failure(store.read('missing'));
    expect(error.code).toBe('NOTE_NOT_FOUND');
    expect(error.message).toBe("Note 'missing.md' does not exist; use list_notes or search_notes to find it.");
  });

  it('refuses binary and non-UTF-8 files with the reason', async () => {
    await put('binary.md', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
    await put('latin1.md', new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a]));
    const binary = await failure(store.read('binary.md'));
    expect(binary.code).toBe('NOTE_UNREADABLE');
    expect(binary.message).toMatch(/binary file/);
    const latin1 = await failure(store.read('latin1.md'));
    expect(latin1.message).toMatch(/not valid UTF-8.*re-save/);
  });

  it('refuses folders and non-markdown files', async () => {
    await mkdir(join(vault, 'projects'));
    await put('image.png', 'png');
    expect((await failure(store.read('projects'))).message).toMatch(/is a folder, not a note; use list_notes/);
    expect((await failure(store.read('image.png'))).code).toBe('NOT_A_NOTE');
  });

  it('strips a BOM from the content but hashes the exact bytes', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# BOM\n')]);
    await put('bom.md', bytes);
    const note = await store.read('bom.md');
    expect(note.content).toBe('# BOM\n');
    expect(note.hash).toBe(hashContent(bytes));
  });

  it('refuses traversal in every encoding', async () => {
    await writeFile(join(base, 'sibling.md'), 'sibling');
    for (const path of ['../sibling.md', '..%2Fsibling.md', '%2e%2e/sibling.md', '..\\sibling.md', join(base, 'sibling.md'), 'notes/../../sibling.md']) {
      expect((await failure(store.read(path))).code).toBe('PATH_OUTSIDE_VAULT');
    }
    expect((await failure(store.read('%252e%252e/sibling.md'))).code).toBe('PATH_INVALID');
  });

  it('refuses symlinks that leave the vault, for a file and for a folder', async () => {
    await symlink(join(outside, 'secret.md'), join(vault, 'leak.md'));
    await symlink(outside, join(vault, 'linked'));
    expect((await failure(store.read('leak.md'))).code).toBe('SYMLINK_OUTSIDE_VAULT');
    expect((await failure(store.read('linked/secret.md'))).code).toBe('SYMLINK_OUTSIDE_VAULT');
  });

  it('follows a symlink that stays inside the vault', async () => {
    await put('real/note.md', 'real\n');
    await symlink(join(vault, 'real'), join(vault, 'shortcut'));
    const note = await store.read('shortcut/note.md');
    expect(note.path).toBe('shortcut/note.md');
    expect(note.content).toBe('real\n');
  });

  it('refuses the data dir, also through a link inside the vault', async () => {
    await put('.vaultplane/token.md', 'token');
    await symlink(join(vault, '.vaultplane'), join(vault, 'innocent'));
    expect((await failure(store.read('.vaultplane/token.md'))).code).toBe('PATH_RESERVED');
    expect((await failure(store.read('innocent/token.md'))).code).toBe('PATH_RESERVED');
  });

  it('reports a vault folder that does not exist', async () => {
    const missing = new NoteStore(join(base, 'nope'));
    expect((await failure(missing.read('a.md'))).message).toMatch(/does not exist; pass --vault DIR or set VAULT_PATH/);
  });
});

describe('NoteStore.write', () => {
  it('creates a note and its folders, and returns the hash of what it wrote', async () => {
    const result = await store.write('projects/new/idea', '# Idea\n');
    expect(result).toEqual({ path: 'projects/new/idea.md', hash: hashContent('# Idea\n'), created: true });
    expect(await text('projects/new/idea.md')).toBe('# Idea\n');
    expect(await listAll()).toEqual(['projects/new/idea.md']);
  });

  it('replaces a note when expectedHash matches what is on disk', async () => {
    await put('a.md', 'old\n');
    const { hash } = await store.read('a.md');
    const result = await store.write('a.md', 'new\n', { expectedHash: hash });
    expect(result).toEqual({ path: 'a.md', hash: hashContent('new\n'), created: false });
    expect(await text('a.md')).toBe('new\n');
    expect(await listAll()).toEqual(['a.md']);
  });

  it('refuses to replace without expectedHash and says to pass it', async () => {
    await put('a.md', 'human text\n');
    const error = await failure(store.write('a.md', 'agent text\n'));
    expect(error).toBeInstanceOf(NoteConflictError);
    expect(error.message).toMatch(/already exists; to replace it, read it with read_note and pass its hash as expectedHash/);
    expect(await text('a.md')).toBe('human text\n');
  });

  it('refuses a stale expectedHash and leaves the file untouched', async () => {
    await put('a.md', 'v1\n');
    const { hash } = await store.read('a.md');
    await put('a.md', 'v2 saved by a human\n');
    const error = await failure(store.write('a.md', 'agent\n', { expectedHash: hash }));
    expect(error).toBeInstanceOf(NoteConflictError);
    expect((error as NoteConflictError).currentHash).toBe(hashContent('v2 saved by a human\n'));
    expect(error.message).toMatch(/^Note 'a\.md' changed since you read it \(hash [0-9a-f]{12}… is now [0-9a-f]{12}…\); read it again and retry\.$/);
    expect(await text('a.md')).toBe('v2 saved by a human\n');
    expect(await listAll()).toEqual(['a.md']);
  });

  it('does not bring back a note deleted since it was read', async () => {
    await put('a.md', 'v1\n');
    const { hash } = await store.read('a.md');
    await rm(join(vault, 'a.md'));
    const error = await failure(store.write('a.md', 'agent\n', { expectedHash: hash }));
    expect(error.message).toMatch(/was deleted since you read it/);
    expect(await listAll()).toEqual([]);
  });

  it('lets exactly one of two concurrent writers with the same expectedHash win', async () => {
    await put('race.md', 'base\n');
    const { hash } = await store.read('race.md');
    const other = new NoteStore(vault, { dataDir: join(vault, '.vaultplane') });
    const results = await Promise.allSettled([store.write('race.md', 'from A\n', { expectedHash: hash }), other.write('race.md', 'from B\n', { expectedHash: hash })]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(NoteConflictError);
    const winner = results[0]!.status === 'fulfilled' ? 'from A\n' : 'from B\n';
    expect(await text('race.md')).toBe(winner);
    expect(await listAll()).toEqual(['race.md']);
  });

  it('re-checks right before the rename: a human save in that gap wins', async () => {
    await put('a.md', 'v1\n');
    const { hash } = await store.read('a.md');
    const racing = new NoteStore(vault, { beforeCommit: (absolute) => writeFile(absolute, 'human saved meanwhile\n') });
    const error = await failure(racing.write('a.md', 'agent\n', { expectedHash: hash }));
    expect(error).toBeInstanceOf(NoteConflictError);
    expect(await text('a.md')).toBe('human saved meanwhile\n');
    expect(await listAll()).toEqual(['a.md']);
  });

  it('does not clobber a note someone else creates while a new note is being written', async () => {
    const racing = new NoteStore(vault, { beforeCommit: (absolute) => writeFile(absolute, 'created by a human\n') });
    const error = await failure(racing.write('fresh.md', 'agent\n'));
    expect(error.message).toMatch(/was created by someone else/);
    expect(await text('fresh.md')).toBe('created by a human\n');
    expect(await listAll()).toEqual(['fresh.md']);
  });

  it('refuses targets that are not notes, or in folders Obsidian or vaultplane own', async () => {
    expect((await failure(store.write('config.json', '{}'))).message).toMatch(/Only \.md notes can be written; 'config\.json' looks like a \.json file/);
    expect((await failure(store.write('.obsidian/app.md', 'x'))).code).toBe('PATH_RESERVED');
    expect((await failure(store.write('.trash/x.md', 'x'))).code).toBe('PATH_RESERVED');
    expect((await failure(store.write('.vaultplane/x.md', 'x'))).code).toBe('PATH_RESERVED');
    expect((await failure(store.write('../escape.md', 'x'))).code).toBe('PATH_OUTSIDE_VAULT');
    expect(await listAll()).toEqual([]);
  });

  it('never writes through a symlinked folder that leads outside the vault', async () => {
    await symlink(outside, join(vault, 'linked'));
    await symlink(join(outside, 'planted.md'), join(vault, 'dangling.md'));
    expect((await failure(store.write('linked/planted.md', 'x'))).code).toBe('SYMLINK_OUTSIDE_VAULT');
    expect((await failure(store.write('dangling.md', 'x'))).code).toBe('SYMLINK_OUTSIDE_VAULT');
    expect(await readdir(outside)).toEqual(['secret.md']);
  });

  it('refuses content over the size limit, and content or names with NUL characters or lone surrogates', async () => {
    const small = new NoteStore(vault, { maxWriteBytes: 1024 });
    expect((await failure(small.write('big.md', 'x'.repeat(2048)))).code).toBe('NOTE_TOO_LARGE');
    expect((await failure(store.write('nul.md', 'a\0b'))).code).toBe('CONTENT_INVALID');
    // A found bug: a lone surrogate was written as U+FFFD (content) or '?' (file name), not what was sent.
    expect((await failure(store.write('surrogate.md', 'broken \ud800 text'))).code).toBe('CONTENT_INVALID');
    expect((await failure(store.append('surrogate.md', 'broken \udfff'))).message).toMatch(/not valid Unicode/);
    expect((await failure(store.write('notes/\ud83d.md', '# x\n'))).code).toBe('PATH_INVALID');
    await expect(store.write('limit.md', 'x'.repeat(6 * 1024 * 1024))).rejects.toThrow(/limited to 5 MB/);
    expect(await listAll()).toEqual([]);
  });

  it('keeps the file mode and a BOM of the note it replaces', async () => {
    await put('a.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('old\n')]));
    await chmod(join(vault, 'a.md'), 0o600);
    const { hash } = await store.read('a.md');
    await store.write('a.md', 'new\n', { expectedHash: hash });
    const bytes = await readFile(join(vault, 'a.md'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString()).toBe('new\n');
    expect((await stat(join(vault, 'a.md'))).mode & 0o777).toBe(0o600);
  });

  it('decodes a URL-encoded path exactly once', async () => {
    await store.write('50%2525%20off.md', 'deal\n');
    expect(await listAll()).toEqual(['50%25 off.md']);
  });
});

describe('NoteStore.append', () => {
  it('appends at the end, creating the note when missing', async () => {
    expect(await store.append('log', '- first')).toMatchObject({ path: 'log.md', created: true });
    expect(await store.append('log.md', '- second')).toMatchObject({ path: 'log.md', created: false });
    expect(await text('log.md')).toBe('- first\n- second\n');
  });

  it('appends under a heading, keeping CRLF line endings', async () => {
    await put('p.md', '# P\r\n## Tasks\r\n- a\r\n\r\n## Notes\r\nn\r\n');
    const result = await store.append('p.md', '- b', { heading: 'tasks' });
    expect(await text('p.md')).toBe('# P\r\n## Tasks\r\n- a\r\n- b\r\n\r\n## Notes\r\nn\r\n');
    expect(result.hash).toBe(hashContent(await readFile(join(vault, 'p.md'))));
  });

  it('lists the existing headings when the heading is missing, and changes nothing', async () => {
    await put('p.md', '# P\n## Tasks\n');
    const error = await failure(store.append('p.md', 'x', { heading: 'Done' }));
    expect(error.code).toBe('HEADING_NOT_FOUND');
    expect(error.message).toBe("Note 'p.md' has no heading 'Done'. Its headings are: 'P', 'Tasks'. Pass one of them, or append without a heading to add at the end.");
    expect(await text('p.md')).toBe('# P\n## Tasks\n');
  });

  it('does not create a missing note when a heading was asked for', async () => {
    expect((await failure(store.append('new.md', 'x', { heading: 'Log' }))).code).toBe('NOTE_NOT_FOUND');
    expect(await listAll()).toEqual([]);
  });

  it('lands all of three concurrent appends', async () => {
    await put('log.md', '# Log\n');
    await Promise.all([store.append('log.md', '- one'), store.append('log.md', '- two'), new NoteStore(vault).append('log.md', '- three')]);
    const lines = (await text('log.md')).split('\n');
    expect(lines[0]).toBe('# Log');
    expect(lines.slice(1, 4).sort()).toEqual(['- one', '- three', '- two']);
    expect(await listAll()).toEqual(['log.md']);
  });

  it('re-applies itself when a human saves between its read and its rename', async () => {
    await put('log.md', '# Log\n- a\n');
    let edits = 0;
    const racing = new NoteStore(vault, {
      beforeCommit: async (absolute) => {
        if (edits++ === 0) await writeFile(absolute, '# Log\n- a\n- human\n');
      },
    });
    await racing.append('log.md', '- agent');
    expect(await text('log.md')).toBe('# Log\n- a\n- human\n- agent\n');
    expect(edits).toBe(2);
  });

  it('honours expectedHash when given', async () => {
    await put('log.md', 'v1\n');
    const error = await failure(store.append('log.md', 'x', { expectedHash: hashContent('other') }));
    expect(error).toBeInstanceOf(NoteConflictError);
    expect(await text('log.md')).toBe('v1\n');
    await store.append('log.md', 'x', { expectedHash: hashContent('v1\n') });
    expect(await text('log.md')).toBe('v1\nx\n');
  });

  it('refuses to append to binary notes, empty text and reserved folders', async () => {
    await put('bin.md', new Uint8Array([0, 1, 2]));
    expect((await failure(store.append('bin.md', 'x'))).code).toBe('NOTE_UNREADABLE');
    expect((await failure(store.append('a.md', '  \n'))).code).toBe('CONTENT_INVALID');
    expect((await failure(store.append('.obsidian/a.md', 'x'))).code).toBe('PATH_RESERVED');
  });
});

describe('toWritableNotePath', () => {
  it('adds .md to a bare name and keeps names with dots that are not file types', () => {
    expect(toWritableNotePath('ideas/Plan')).toBe('ideas/Plan.md');
    expect(toWritableNotePath('Meeting 2024.01.15')).toBe('Meeting 2024.01.15.md');
    expect(toWritableNotePath('v1.2 release')).toBe('v1.2 release.md');
    expect(() => toWritableNotePath('script.sh')).toThrow(/pass 'script\.sh\.md'/);
  });
});
