import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noteLockPath, withNoteLock } from './note-lock';
import { PathLocks } from './path-locks';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'note-lock-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('withNoteLock', () => {
  it('waits while another process holds the lock file beside the note, then runs', async () => {
    const note = join(folder, 'tasks.md');
    // Another vaultplane process holding the lock looks exactly like this file.
    await writeFile(noteLockPath(note), '4242');
    const steps: string[] = [];
    // A PathLocks of its own: this call must not be serialised by anything but the file.
    const running = withNoteLock(
      note,
      async () => {
        steps.push('work');
        return 'done';
      },
      new PathLocks(),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    steps.push('released');
    await rm(noteLockPath(note));
    expect(await running).toBe('done');
    expect(steps).toEqual(['released', 'work']);
  });

  it('answers a retryable NOTE_BUSY naming the note when another process keeps the lock, and leaves its lock file alone', async () => {
    const note = join(folder, 'tasks.md');
    await writeFile(noteLockPath(note), '4242');
    let ran = false;
    const busy = withNoteLock(note, async () => {
      ran = true;
    });
    await expect(busy).rejects.toMatchObject({ code: 'NOTE_BUSY', message: expect.stringContaining('tasks.md') });
    expect(ran).toBe(false);
    expect(await readdir(folder)).toEqual([basename(noteLockPath(note))]);
  });

  it('removes its lock file afterwards, also when the work fails', async () => {
    const note = join(folder, 'note.md');
    await expect(withNoteLock(note, async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(await withNoteLock(note, async () => 'ok')).toBe('ok');
    expect(await readdir(folder)).toEqual([]);
  });

  it('lets two writers with separate in-process locks (as two processes) take turns', async () => {
    const note = join(folder, 'note.md');
    let inside = 0;
    let overlapped = false;
    const writer = (locks: PathLocks) =>
      withNoteLock(
        note,
        async () => {
          inside += 1;
          if (inside > 1) overlapped = true;
          await new Promise((resolve) => setTimeout(resolve, 5));
          inside -= 1;
        },
        locks,
      );
    await Promise.all(Array.from({ length: 20 }, (_, n) => writer(new PathLocks())));
    expect(overlapped).toBe(false);
  });

  it('runs without a lock file when the note’s folder does not exist yet (creating is exclusive anyway)', async () => {
    const note = join(folder, 'new-folder', 'note.md');
    expect(await withNoteLock(note, async () => 'created')).toBe('created');
  });

  it('does not run the work twice when the work itself fails with ENOENT', async () => {
    const note = join(folder, 'note.md');
    let runs = 0;
    const failing = withNoteLock(note, async () => {
      runs += 1;
      throw Object.assign(new Error('gone'), { code: 'ENOENT' });
    });
    await expect(failing).rejects.toThrow('gone');
    expect(runs).toBe(1);
  });
});
