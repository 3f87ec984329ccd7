import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateToken } from './token';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'vaultplane-token-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadOrCreateToken', () => {
  it('generates a token into <dataDir>/token with mode 0600, creating the folder', async () => {
    const dataDir = join(root, 'nested', '.vaultplane');
    const loaded = await loadOrCreateToken({ dataDir });
    expect(loaded.source).toBe('generated');
    expect(loaded.path).toBe(join(dataDir, 'token'));
    expect(loaded.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await readFile(join(dataDir, 'token'), 'utf8')).trim()).toBe(loaded.token);
    expect((await stat(join(dataDir, 'token'))).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o077).toBe(0);
  });

  it('reuses the stored token on the next start', async () => {
    const first = await loadOrCreateToken({ dataDir: root });
    const second = await loadOrCreateToken({ dataDir: root });
    expect(second).toEqual({ token: first.token, source: 'file', path: join(root, 'token') });
  });

  it('prefers VAULTPLANE_TOKEN over the file and leaves the file alone', async () => {
    await writeFile(join(root, 'token'), 'from-file\n');
    const loaded = await loadOrCreateToken({ dataDir: root, envToken: ' from-env ' });
    expect(loaded).toEqual({ token: 'from-env', source: 'env' });
    expect(await readFile(join(root, 'token'), 'utf8')).toBe('from-file\n');
  });

  it('treats an empty VAULTPLANE_TOKEN as unset', async () => {
    await writeFile(join(root, 'token'), 'from-file\n');
    expect(await loadOrCreateToken({ dataDir: root, envToken: '' })).toMatchObject({ token: 'from-file', source: 'file' });
  });

  it('does not write a token file when the env token is used', async () => {
    await loadOrCreateToken({ dataDir: join(root, 'data'), envToken: 'from-env' });
    await expect(stat(join(root, 'data'))).rejects.toThrow(/ENOENT/);
  });

  it('replaces an empty token file (e.g. left by a crash) with a new token', async () => {
    await writeFile(join(root, 'token'), '\n');
    const loaded = await loadOrCreateToken({ dataDir: root });
    expect(loaded.source).toBe('generated');
    expect((await readFile(join(root, 'token'), 'utf8')).trim()).toBe(loaded.token);
  });

  it('gives every concurrent starter the same token', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateToken({ dataDir: root })));
    expect(new Set(results.map((result) => result.token)).size).toBe(1);
    expect((await readFile(join(root, 'token'), 'utf8')).trim()).toBe(results[0]!.token);
  });

  it('refuses unusable tokens with a message saying what to do', async () => {
    await expect(loadOrCreateToken({ dataDir: root, envToken: 'has space' })).rejects.toThrow(/VAULTPLANE_TOKEN is not usable.*unset it/);
    await writeFile(join(root, 'token'), 'bad token\n');
    await expect(loadOrCreateToken({ dataDir: root })).rejects.toThrow(/delete it to generate a new one/);
  });
});
