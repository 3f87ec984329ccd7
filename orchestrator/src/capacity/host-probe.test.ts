import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeDisk, probeGpus, probeMachine } from './host-probe';

const engine = { cpus: 2, memoryBytes: 4 * 1024 ** 3, name: 'box', serverVersion: '20.10.24' };

describe('host probe', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vp-probe-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads free and total space of the data dir', async () => {
    const disk = await probeDisk(dir);
    expect(disk).toMatchObject({ path: dir });
    if (!('freeBytes' in disk)) throw new Error(disk.error);
    expect(disk.freeBytes).toBeGreaterThan(0);
    expect(disk.totalBytes).toBeGreaterThanOrEqual(disk.freeBytes);
  });

  it('says how to fix a data dir that does not exist', async () => {
    expect(await probeDisk(join(dir, 'missing'))).toEqual({ error: expect.stringMatching(/cannot read free space.*--data/) });
  });

  it('finds no GPUs without nvidia-smi, and reads them from an nvidia-smi that answers', async () => {
    expect(await probeGpus(join(dir, 'no-such-nvidia-smi'))).toEqual([]);
    const fake = join(dir, 'nvidia-smi');
    await writeFile(fake, '#!/bin/sh\necho "0, NVIDIA L4, 23034"\n');
    await chmod(fake, 0o755);
    const machine = await probeMachine({ engine, dataDir: dir, nvidiaSmi: fake });
    expect(machine).toMatchObject({ node: 'box', cpu: 2, memoryBytes: 4 * 1024 ** 3, gpus: [{ index: 0, name: 'NVIDIA L4', memoryMb: 23034 }] });
  });

  it("takes the engine's own GPU count (a swarm's generic resources) over this machine's nvidia-smi", async () => {
    const fake = join(dir, 'nvidia-smi-one');
    await writeFile(fake, '#!/bin/sh\necho "0, NVIDIA L4, 23034"\n');
    await chmod(fake, 0o755);
    const machine = await probeMachine({ engine: { ...engine, gpus: 3 }, dataDir: dir, nvidiaSmi: fake });
    expect(machine.gpus.map((gpu) => gpu.index)).toEqual([0, 1, 2]);
    expect((await probeMachine({ engine: { ...engine, gpus: 0 }, dataDir: dir, nvidiaSmi: fake })).gpus).toEqual([]);
  });

  it('treats an nvidia-smi that fails (no driver loaded) as no GPUs', async () => {
    const failing = join(dir, 'nvidia-smi-broken');
    await writeFile(failing, '#!/bin/sh\necho "NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver" >&2\nexit 9\n');
    await chmod(failing, 0o755);
    expect(await probeGpus(failing)).toEqual([]);
  });
});
