import { describe, expect, it } from 'vitest';
import { formatAge, formatCapacity, formatCpu, formatMemoryMb } from './format';

describe('formatAge', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  it.each([
    ['2026-11-25T11:59:18Z', '42s'],
    ['2026-11-25T11:55:00Z', '5m'],
    ['2026-11-25T09:00:00Z', '3h'],
    ['2026-11-25T08:56:00Z', '3h 4m'],
    ['2026-11-23T09:00:00Z', '2d 3h'],
    ['2026-11-25T12:00:05Z', '0s'],
    ['not a date', '?'],
  ])('%s reads %s', (from, expected) => {
    expect(formatAge(from, now)).toBe(expected);
  });
});

describe('formatCpu and formatMemoryMb', () => {
  it.each([
    [0.5, '500m'],
    [0.25, '250m'],
    [1, '1'],
    [1.5, '1.5'],
    [0, '0'],
    [-1, '?'],
  ])('%s cores reads %s', (cores, expected) => {
    expect(formatCpu(cores)).toBe(expected);
  });

  it.each([
    [128, '128 MiB'],
    [6.5, '6.5 MiB'],
    [1536, '1.5 GiB'],
    [16384, '16 GiB'],
    [Number.NaN, '?'],
  ])('%s MB reads %s', (mb, expected) => {
    expect(formatMemoryMb(mb)).toBe(expected);
  });

  it('shows free over total capacity', () => {
    expect(formatCapacity({ cpu: 1.5, memoryMb: 2048 }, { cpu: 2, memoryMb: 24576 })).toBe('1.5/2 CPU, 2 GiB/24 GiB free');
  });
});
