import { describe, expect, it } from 'vitest';
import { assertFeatureName, isFeatureName, listFeatures } from './feature-names';
import { SpecKitError } from './speckit-errors';

describe('feature names', () => {
  it('accepts Spec-Kit folder names', () => {
    for (const name of ['001-example', '012-user-auth', '1234-big.v2', '003-données']) expect(isFeatureName(name)).toBe(true);
  });

  it('refuses traversal, separators and names that are not features', () => {
    for (const name of ['../001-x', '001-x/../..', '001-x\\y', '001-..', 'example', '01-x', '001-', '', '001-x/tasks.md', '.001-x']) {
      expect(isFeatureName(name), name).toBe(false);
    }
    expect(() => assertFeatureName('../../etc')).toThrow(SpecKitError);
    expect(() => assertFeatureName('../../etc')).toThrow(/such as '001-example'/);
    expect(assertFeatureName(' 001-example ')).toBe('001-example');
  });

  it('lists feature folders in number order, skipping files and other folders', () => {
    const dir = (name: string, isDir = true) => ({ name, isDirectory: () => isDir });
    expect(listFeatures([dir('010-b'), dir('002-a'), dir('README.md', false), dir('003-file', false), dir('drafts')])).toEqual(['002-a', '010-b']);
    expect(listFeatures(['002-a', 'notes', '001-z'])).toEqual(['001-z', '002-a']);
  });
});
