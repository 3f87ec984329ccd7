/**
 * Test support for the path jail: a vault folder and an `outside` folder with a secret note,
 * side by side in a fresh temp dir, so a test can try to reach out of the vault.
 */
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface JailFixture {
  /** The temp dir holding both folders; real path, so results compare without symlinks. */
  base: string;
  vault: string;
  outside: string;
  /** Writes a file into the vault, making its folders. */
  put(path: string, content: string | Uint8Array): Promise<void>;
  /** Call in afterEach. */
  remove(): Promise<void>;
}

export async function createJailFixture(prefix: string, secret = 'secret\n'): Promise<JailFixture> {
  const base = await realpath(await mkdtemp(join(tmpdir(), prefix)));
  const vault = join(base, 'vault');
  const outside = join(base, 'outside');
  await mkdir(vault);
  await mkdir(outside);
  await writeFile(join(outside, 'secret.md'), secret);
  return {
    base,
    vault,
    outside,
    put: async (path, content) => {
      await mkdir(dirname(join(vault, path)), { recursive: true });
      await writeFile(join(vault, path), content);
    },
    remove: () => rm(base, { recursive: true, force: true }),
  };
}
