import { describe, expect, it } from 'vitest';
import { InvalidRunSpecError } from '../errors';
import { MIN_MEMORY_BYTES, assertValidContainerSpec, assertValidRunSpec, toEnvList } from './run-spec';

const valid = { image: 'busybox:latest', command: ['sh', '-c', 'echo hi'] };

describe('assertValidRunSpec', () => {
  it('accepts a plain spec with env, labels and a name', () => {
    expect(() =>
      assertValidRunSpec({ ...valid, env: { PATH_EXTRA: '/x', _private: '1' }, labels: { 'vaultplane.test': 'x' }, name: 'job-1.a_b' }),
    ).not.toThrow();
  });

  it.each([
    [{ ...valid, image: ' ' }, /image is empty/],
    [{ ...valid, command: [] }, /command is empty/],
    [{ ...valid, env: { '1BAD': 'x' } }, /environment variable name '1BAD'/],
    [{ ...valid, env: { 'A=B': 'x' } }, /environment variable name 'A=B'/],
    [{ ...valid, name: 'has space' }, /container name 'has space'/],
  ])('rejects %o with a message that says what to fix', (spec, message) => {
    expect(() => assertValidRunSpec(spec)).toThrow(InvalidRunSpecError);
    expect(() => assertValidRunSpec(spec)).toThrow(message);
  });
});

describe('toEnvList', () => {
  it('keeps values verbatim, including = and spaces', () => {
    expect(toEnvList({ A: '1', QUERY: 'a=b c' })).toEqual(['A=1', 'QUERY=a=b c']);
    expect(toEnvList(undefined)).toEqual([]);
  });
});

describe('assertValidContainerSpec', () => {
  const container = { image: 'busybox:latest', name: 'job-1', labels: {} };

  it('accepts a spec without a command (the image default) and with limits', () => {
    expect(() => assertValidContainerSpec({ ...container, cpu: 0.25, memoryBytes: MIN_MEMORY_BYTES, gpus: 0 })).not.toThrow();
  });

  it.each([
    [{ ...container, cpu: -1 }, /cpu -1 is not a number of cores of at least 0.01/],
    [{ ...container, cpu: 0.001 }, /at least 0.01/],
    [{ ...container, cpu: Number.POSITIVE_INFINITY }, /cpu Infinity/],
    [{ ...container, memoryBytes: 1024 }, /at least 6 MiB/],
    [{ ...container, gpus: 1.5 }, /whole number of GPUs/],
    [{ ...container, workingDir: 'tmp' }, /absolute path inside the container/],
    [{ ...container, mounts: [{ hostPath: 'rel', containerPath: '/x' }] }, /absolute paths on both sides/],
    [{ ...container, command: [] }, /command is empty/],
  ])('rejects %o before it reaches the engine', (spec, message) => {
    expect(() => assertValidContainerSpec(spec)).toThrow(InvalidRunSpecError);
    expect(() => assertValidContainerSpec(spec)).toThrow(message);
  });
});
