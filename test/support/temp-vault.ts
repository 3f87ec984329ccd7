import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const TEMPLATE_VAULT = resolve(import.meta.dirname, '../../vault-template');

export interface TempVault {
  root: string;
  write(path: string, content: string | Uint8Array): Promise<void>;
  remove(): Promise<void>;
}

/** A real vault folder in the temp dir, removed by `remove()` (call it in afterEach). */
export async function createTempVault(files: Record<string, string | Uint8Array> = {}, options: { fromTemplate?: boolean } = {}): Promise<TempVault> {
  const parent = await mkdtemp(join(tmpdir(), 'vaultplane-test-'));
  const root = join(parent, 'vault');
  if (options.fromTemplate) await cp(TEMPLATE_VAULT, root, { recursive: true });
  else await mkdir(root);
  const write = async (path: string, content: string | Uint8Array) => {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  };
  for (const [path, content] of Object.entries(files)) await write(path, content);
  return { root, write, remove: () => rm(parent, { recursive: true, force: true }) };
}

/** Polls until `check` returns a truthy value or the time is up (then throws with `what`). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
