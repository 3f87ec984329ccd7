import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi } from './nvidia-smi';

describe('parseNvidiaSmi', () => {
  it('reads one GPU per line, names with commas included', () => {
    const output = '0, NVIDIA GeForce RTX 4090, 24564\n1, NVIDIA A100-SXM4-80GB, 81920\n2, Weird, Name, 1024\n';
    expect(parseNvidiaSmi(output)).toEqual([
      { index: 0, name: 'NVIDIA GeForce RTX 4090', memoryMb: 24564 },
      { index: 1, name: 'NVIDIA A100-SXM4-80GB', memoryMb: 81920 },
      { index: 2, name: 'Weird, Name', memoryMb: 1024 },
    ]);
  });

  it('skips lines it cannot read ([N/A] memory, warnings) and reads no GPUs from empty output', () => {
    expect(parseNvidiaSmi('0, Tesla K80, [N/A]\nNVIDIA-SMI has failed\n')).toEqual([]);
    expect(parseNvidiaSmi('')).toEqual([]);
  });
});
