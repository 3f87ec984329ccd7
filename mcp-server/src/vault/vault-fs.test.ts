import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJailFixture, type JailFixture } from './jail-fixture';
import { VaultError } from './vault-errors';
import { dataDirRelativeTo, realVaultRoot, resolveInVault } from './vault-fs';

let fixture: JailFixture;
let base: string;
let vault: string;
let outside: string;

beforeEach(async () => {
  fixture = await createJailFixture('vaultplane-fs-');
  ({ base, vault, outside } = fixture);
  await fixture.put('notes/a.md', '# A\n');
});

afterEach(() => fixture.remove());

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    return (error as VaultError).code;
  }
}

describe('resolveInVault', () => {
  it('resolves existing and not-yet-existing paths inside the vault', async () => {
    expect(await resolveInVault(vault, 'notes/a.md', { mustExist: true })).toBe(join(vault, 'notes', 'a.md'));
    expect(await resolveInVault(vault, 'new/folder/b.md')).toBe(join(vault, 'new', 'folder', 'b.md'));
  });

  it('reports a missing path only when it must exist', async () => {
    expect(await codeOf(resolveInVault(vault, 'notes/missing.md', { mustExist: true }))).toBe('PATH_NOT_FOUND');
  });

  it('refuses lexical escapes even without the string validator', async () => {
    expect(await codeOf(resolveInVault(vault, '../outside/secret.md'))).toBe('PATH_OUTSIDE_VAULT');
    expect(await codeOf(resolveInVault(vault, join(outside, 'secret.md')))).toBe('PATH_OUTSIDE_VAULT');
  });

  it('refuses a symlinked file that points outside the vault', async () => {
    await symlink(join(outside, 'secret.md'), join(vault, 'notes', 'leak.md'));
    expect(await codeOf(resolveInVault(vault, 'notes/leak.md'))).toBe('SYMLINK_OUTSIDE_VAULT');
  });

  it('refuses a symlinked folder that points outside, for existing and new files under it', async () => {
    await symlink(outside, join(vault, 'linked'));
    expect(await codeOf(resolveInVault(vault, 'linked/secret.md'))).toBe('SYMLINK_OUTSIDE_VAULT');
    expect(await codeOf(resolveInVault(vault, 'linked/new/planted.md'))).toBe('SYMLINK_OUTSIDE_VAULT');
    await expect(resolveInVault(vault, 'linked/secret.md')).rejects.toThrow(/outside the vault/);
  });

  it('refuses a dangling symlink that would let a write land outside', async () => {
    await symlink(join(outside, 'not-yet.md'), join(vault, 'notes', 'trap.md'));
    expect(await codeOf(resolveInVault(vault, 'notes/trap.md'))).toBe('SYMLINK_OUTSIDE_VAULT');
  });

  it('allows a symlink inside the vault that points inside it, resolving to the real file', async () => {
    await symlink(join(vault, 'notes'), join(vault, 'shortcut'));
    await symlink(join(vault, 'notes', 'a.md'), join(vault, 'alias.md'));
    expect(await resolveInVault(vault, 'shortcut/a.md', { mustExist: true })).toBe(join(vault, 'notes', 'a.md'));
    expect(await resolveInVault(vault, 'alias.md', { mustExist: true })).toBe(join(vault, 'notes', 'a.md'));
  });

  it('accepts a vault root that is itself a symlink', async () => {
    const link = join(base, 'vault-link');
    await symlink(vault, link);
    expect(await resolveInVault(link, 'notes/a.md', { mustExist: true })).toBe(join(vault, 'notes', 'a.md'));
    await symlink(join(outside, 'secret.md'), join(vault, 'leak.md'));
    expect(await codeOf(resolveInVault(link, 'leak.md'))).toBe('SYMLINK_OUTSIDE_VAULT');
  });

  it('refuses symlink loops with a clear error', async () => {
    await symlink(join(vault, 'loop-b'), join(vault, 'loop-a'));
    await symlink(join(vault, 'loop-a'), join(vault, 'loop-b'));
    expect(await codeOf(resolveInVault(vault, 'loop-a/x.md'))).toBe('PATH_INVALID');
  });
});

describe('realVaultRoot', () => {
  it('says how to fix a vault path that does not exist', async () => {
    await expect(realVaultRoot(join(base, 'nope'))).rejects.toThrow(`Vault folder '${join(base, 'nope')}' does not exist; pass --vault DIR or set VAULT_PATH.`);
  });

  it('refuses a vault path that is a file', async () => {
    expect(await codeOf(realVaultRoot(join(vault, 'notes', 'a.md')))).toBe('VAULT_NOT_FOUND');
  });
});

describe('dataDirRelativeTo', () => {
  it('finds a data dir inside the vault, existing or not, through a symlinked root', async () => {
    const link = join(base, 'vault-link');
    await symlink(vault, link);
    expect(await dataDirRelativeTo(vault, vault, join(vault, '.vaultplane'))).toBe('.vaultplane');
    expect(await dataDirRelativeTo(link, vault, join(link, 'state', 'idx'))).toBe('state/idx');
    expect(await dataDirRelativeTo(vault, vault, outside)).toBeUndefined();
  });
});
