/**
 * Which folder names under specs/ are Spec-Kit features. Pure: string rules only.
 */
import { SpecKitError } from './speckit-errors';

/** `001-example`: three or more digits, a dash, a slug. No separators, so no way out of specs/. */
export const FEATURE_NAME_PATTERN = /^\d{3,}-[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;
export const MAX_FEATURE_NAME_LENGTH = 200;

export function isFeatureName(name: string): boolean {
  return typeof name === 'string' && name.length <= MAX_FEATURE_NAME_LENGTH && FEATURE_NAME_PATTERN.test(name) && !name.includes('..');
}

/** Returns the trimmed name, or throws `FEATURE_INVALID` saying what a name looks like. */
export function assertFeatureName(input: unknown): string {
  const name = typeof input === 'string' ? input.trim() : '';
  if (!isFeatureName(name)) {
    throw new SpecKitError(
      'FEATURE_INVALID',
      `'${String(input)}' is not a Spec-Kit feature name; pass the folder name under specs/, such as '001-example' (three digits, a dash, a name; no slashes).`,
    );
  }
  return name;
}

/** The feature folders among the entries of specs/, sorted by name (so by number). */
export function listFeatures(specsDirEntries: Iterable<string | { name: string; isDirectory(): boolean }>): string[] {
  const names: string[] = [];
  for (const entry of specsDirEntries) {
    if (typeof entry === 'string') {
      if (isFeatureName(entry)) names.push(entry);
    } else if (entry.isDirectory() && isFeatureName(entry.name)) {
      names.push(entry.name);
    }
  }
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
