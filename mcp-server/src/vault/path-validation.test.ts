import { describe, expect, it } from 'vitest';
import { assertNoteAccess, normalizeFolderPath, normalizeNotePath } from './path-validation';
import { VaultPathError } from './vault-errors';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(VaultPathError);
    return (error as VaultPathError).code;
  }
}

describe('normalizeNotePath', () => {
  it.each([
    ['notes/today.md', 'notes/today.md'],
    ['./notes//today.md', 'notes/today.md'],
    ['notes/./today.md/', 'notes/today.md'],
    ['notes\\sub\\today.md', 'notes/sub/today.md'],
    ['My%20Notes/a%20b.md', 'My Notes/a b.md'],
    ['caf%C3%A9.md', 'café.md'],
    ['100% done.md', '100% done.md'],
    ['50%2525 off.md', '50%25 off.md'],
    ['...md', '...md'],
    ['a/.../b.md', 'a/.../b.md'],
    ['notes/~draft.md', 'notes/~draft.md'],
    ['．．/x.md', '．．/x.md'],
    ['a∕..∕b.md', 'a∕..∕b.md'],
    ['..note.md', '..note.md'],
  ])('keeps %j inside the vault as %j', (input, expected) => {
    expect(normalizeNotePath(input)).toBe(expected);
  });

  it.each([
    '../secret.md',
    'notes/../../secret.md',
    'notes/..',
    '..\\secret.md',
    'notes\\..\\..\\secret.md',
    '%2e%2e/secret.md',
    '%2E%2E%2Fsecret.md',
    '..%2fsecret.md',
    '..%5csecret.md',
    'notes%2F..%2F..%2Fsecret.md',
    '.%2e/secret.md',
  ])('refuses traversal %j as PATH_OUTSIDE_VAULT', (input) => {
    expect(codeOf(() => normalizeNotePath(input))).toBe('PATH_OUTSIDE_VAULT');
  });

  it.each(['/etc/passwd', '\\etc\\passwd', 'C:\\Windows\\win.ini', 'c:/x.md', '\\\\server\\share\\x.md', '//server/share/x.md', '%2Fetc%2Fpasswd', 'file:///etc/passwd', '~', '~/notes.md', '~root/x.md', '%7E/x.md'])(
    'refuses absolute, drive, UNC, URL and home path %j',
    (input) => {
      expect(codeOf(() => normalizeNotePath(input))).toBe('PATH_OUTSIDE_VAULT');
    },
  );

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['.', 'vault folder itself'],
    ['./', 'vault folder itself'],
    ['notes/a\0.md', 'NUL'],
    ['notes/a%00.md', 'NUL'],
    ['notes/a\nb.md', 'control'],
    ['%252e%252e/secret.md', 'encoded twice'],
    ['notes%252F..%252Fsecret.md', 'encoded twice'],
    ['%C3%28.md', 'not valid UTF-8'],
    ['a'.repeat(5000), 'limit'],
  ])('refuses %j as PATH_INVALID (%s)', (input, hint) => {
    let error: unknown;
    try {
      normalizeNotePath(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VaultPathError);
    expect((error as VaultPathError).code).toBe('PATH_INVALID');
    expect((error as Error).message).toContain(hint);
  });

  it('tells the caller what to send instead', () => {
    expect(() => normalizeNotePath('../x.md')).toThrow(/must stay inside the vault/);
    expect(() => normalizeNotePath('/x.md')).toThrow(/relative to the vault root/);
  });
});

describe('normalizeFolderPath', () => {
  it('treats empty, dot and slash as the vault root', () => {
    expect(normalizeFolderPath('')).toBe('');
    expect(normalizeFolderPath('.')).toBe('');
    expect(normalizeFolderPath('/')).toBe('');
    expect(normalizeFolderPath('specs/')).toBe('specs');
  });

  it('still refuses traversal and absolute folders', () => {
    expect(codeOf(() => normalizeFolderPath('..'))).toBe('PATH_OUTSIDE_VAULT');
    expect(codeOf(() => normalizeFolderPath('/etc'))).toBe('PATH_OUTSIDE_VAULT');
  });
});

describe('assertNoteAccess', () => {
  it('lets reads into .obsidian/ and .trash/ through but refuses writes there', () => {
    expect(() => assertNoteAccess('.obsidian/snippets/x.md', 'read')).not.toThrow();
    expect(() => assertNoteAccess('.trash/old.md', 'read')).not.toThrow();
    expect(codeOf(() => assertNoteAccess('.obsidian/x.md', 'write'))).toBe('PATH_RESERVED');
    expect(codeOf(() => assertNoteAccess('.OBSIDIAN/x.md', 'write'))).toBe('PATH_RESERVED');
    expect(codeOf(() => assertNoteAccess('.trash/x.md', 'write'))).toBe('PATH_RESERVED');
  });

  it('refuses the data dir and .git for reads and writes', () => {
    for (const access of ['read', 'write'] as const) {
      expect(codeOf(() => assertNoteAccess('.vaultplane/token.md', access))).toBe('PATH_RESERVED');
      expect(codeOf(() => assertNoteAccess('state/index.md', access, 'state'))).toBe('PATH_RESERVED');
      expect(codeOf(() => assertNoteAccess('sub/.git/HEAD.md', access))).toBe('PATH_RESERVED');
    }
  });

  it('allows ordinary notes, including names that only start like a reserved folder', () => {
    expect(() => assertNoteAccess('notes/.obsidian-tips.md', 'write')).not.toThrow();
    expect(() => assertNoteAccess('.vaultplane-notes.md', 'write')).not.toThrow();
    expect(() => assertNoteAccess('stateful.md', 'write', 'state')).not.toThrow();
  });
});
