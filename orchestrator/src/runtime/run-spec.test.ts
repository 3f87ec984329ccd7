import { describe, expect, it } from 'vitest';
import { InvalidRunSpecError } from '../errors';
import { assertValidRunSpec, toEnvList } from './run-spec';

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
