import { spawnSync } from 'node:child_process';
import { chmod, mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJailFixture, type JailFixture } from './jail-fixture';
import { scanVault, type ScanResult } from './vault-scanner';

let fixture: JailFixture;
let base: string;
let vault: string;

beforeEach(async () => {
  fixture = await createJailFixture('vaultplane-scan-');
  ({ base, vault } = fixture);
});

afterEach(async () => {
  await chmod(join(vault, 'locked'), 0o755).catch(() => undefined);
  await fixture.remove();
});

const put = (path: string, content = `# ${path}\n`) => fixture.put(path, content);

const paths = (result: ScanResult) => result.files.map((file) => file.path);

describe('scanVault', () => {
  it('lists markdown notes with relative POSIX paths, sizes and mtimes, sorted', async () => {
    await put('b.md', 'bbb');
    await put('a/deep/nested/c.md');
    await put('a/z.md');
    await put('image.png', 'png');
    await utimes(join(vault, 'b.md'), new Date(1_700_000_000_000), new Date(1_700_000_000_000));

    const result = await scanVault(vault);
    expect(paths(result)).toEqual(['a/deep/nested/c.md', 'a/z.md', 'b.md']);
    const b = result.files.find((file) => file.path === 'b.md')!;
    expect(b).toEqual({ path: 'b.md', absolutePath: join(vault, 'b.md'), size: 3, mtimeMs: 1_700_000_000_000 });
    expect(result.problems).toEqual([]);
  });

  it('skips Obsidian, trash, git, node_modules and the data dir', async () => {
    await put('keep.md');
    for (const path of ['.obsidian/workspace.md', '.trash/old.md', '.git/x.md', 'code/node_modules/pkg/README.md', '.vaultplane/state.md', 'state/idx/x.md']) {
      await put(path);
    }
    const result = await scanVault(vault, { dataDir: join(vault, 'state', 'idx') });
    expect(paths(result)).toEqual(['keep.md']);
  });

  it('applies .vaultplaneignore from the vault root', async () => {
    await put('.vaultplaneignore', 'private/\n*.draft.md\n!keep.draft.md\n');
    await put('private/diary.md');
    await put('notes/private/also.md');
    await put('notes/post.draft.md');
    await put('notes/keep.draft.md');
    await put('notes/post.md');
    expect(paths(await scanVault(vault))).toEqual(['notes/keep.draft.md', 'notes/post.md']);
  });

  it('lists a symlinked note inside the vault, but does not descend a linked folder twice', async () => {
    await put('real/note.md');
    await symlink(join(vault, 'real', 'note.md'), join(vault, 'alias.md'));
    await symlink(join(vault, 'real'), join(vault, 'shortcut'));
    await symlink(vault, join(vault, 'real', 'loop'));
    const result = await scanVault(vault);
    expect(paths(result)).toEqual(['alias.md', 'real/note.md']);
    expect(result.problems).toEqual([]);
  });

  it('does not follow links that leave the vault, and records why', async () => {
    const { outside } = fixture;
    await put('inside.md');
    await symlink(join(outside, 'secret.md'), join(vault, 'leak.md'));
    await symlink(outside, join(vault, 'linked-folder'));
    await symlink(join(base, 'gone.md'), join(vault, 'broken.md'));

    const result = await scanVault(vault);
    expect(paths(result)).toEqual(['inside.md']);
    expect(result.problems).toEqual([
      { path: 'broken.md', reason: expect.stringMatching(/broken symbolic link/) },
      { path: 'leak.md', reason: expect.stringMatching(/outside the vault; not followed/) },
      { path: 'linked-folder', reason: expect.stringMatching(/outside the vault; not followed/) },
    ]);
  });

  it('does not let a note-named link expose a file from the data dir', async () => {
    await put('.vaultplane/token', 'secret-token');
    await symlink(join(vault, '.vaultplane', 'token'), join(vault, 'token.md'));
    const result = await scanVault(vault);
    expect(paths(result)).toEqual([]);
    expect(result.problems).toEqual([{ path: 'token.md', reason: expect.stringMatching(/ignores/) }]);
  });

  it('accepts a vault path that is itself a symlink', async () => {
    await put('a.md');
    await symlink(vault, join(base, 'vault-link'));
    const result = await scanVault(join(base, 'vault-link'));
    expect(paths(result)).toEqual(['a.md']);
  });

  it('says how to fix a vault path that does not exist', async () => {
    await expect(scanVault(join(base, 'missing'))).rejects.toThrow(
      `Vault folder '${join(base, 'missing')}' does not exist; pass --vault DIR or set VAULT_PATH.`,
    );
  });

  it('records an unreadable folder as a problem and still lists the rest', async () => {
    await put('ok/a.md');
    await put('locked/b.md');
    await chmod(join(vault, 'locked'), 0o000);
    const result = await scanAsUnprivilegedUser(vault);
    expect(result.files.map((file) => file.path)).toEqual(['ok/a.md']);
    expect(result.problems).toEqual([{ path: 'locked', reason: expect.stringMatching(/could not read folder \(EACCES\)/) }]);
  });

  it('lists every note of a 10 000-note vault', async () => {
    const writes: Promise<void>[] = [];
    for (let folder = 0; folder < 100; folder++) {
      await mkdir(join(vault, `f${folder}`, 'sub'), { recursive: true });
      for (let note = 0; note < 100; note++) {
        writes.push(writeFile(join(vault, `f${folder}`, note % 2 ? 'sub' : '', `n${note}.md`), 'x'));
      }
      await Promise.all(writes.splice(0));
    }
    const result = await scanVault(vault);
    expect(result.files).toHaveLength(10_000);
    expect(new Set(paths(result)).size).toBe(10_000);
  });
});

/** Root reads every folder regardless of permissions, so the scan runs as `nobody` then. */
async function scanAsUnprivilegedUser(vaultRoot: string): Promise<ScanResult> {
  if (process.getuid?.() !== 0) return scanVault(vaultRoot);
  await chmod(base, 0o755);
  await chmod(vaultRoot, 0o755);
  const scanner = fileURLToPath(new URL('./vault-scanner.ts', import.meta.url));
  const script = `import { scanVault } from ${JSON.stringify(scanner)}; console.log(JSON.stringify(await scanVault(process.argv[1])));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, vaultRoot], {
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
  });
  if (child.status !== 0) throw new Error(`scan as nobody failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ScanResult;
}
