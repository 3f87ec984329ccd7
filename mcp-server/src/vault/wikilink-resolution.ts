/**
 * Obsidian-style link resolution, pure: which vault file `[[Name]]` or `[[folder/Name]]`
 * points to, given every path in the vault.
 */
import { wikilinkTarget as innerWikilinkTarget } from '../notes/inline-syntax';

/**
 * The file part of a link as a person types it: without `[[ ]]` or a leading `!`, then the
 * indexer's rule for what is inside the brackets, so a name resolves as the index links it.
 */
export function wikilinkTarget(link: string): string {
  let target = link.trim();
  if (target.startsWith('!')) target = target.slice(1);
  if (target.startsWith('[[') && target.endsWith(']]')) target = target.slice(2, -2);
  return innerWikilinkTarget(target);
}

/**
 * `[[Note]]` → the path whose file name (without `.md`) matches, case-insensitively;
 * `[[folder/Note]]` → a path ending in that suffix; `[[/folder/Note]]` → that path from the root.
 * Several matches → the shallowest, then the shortest, then the alphabetically first path.
 * Non-note files match by their full name (`[[diagram.png]]`). No match → null.
 */
export function resolveWikilink(name: string, allPaths: readonly string[]): string | null {
  let target = wikilinkTarget(name).replaceAll('\\', '/').toLowerCase();
  const rooted = target.startsWith('/');
  target = target.replace(/^\/+/, '');
  if (target.endsWith('.md')) target = target.slice(0, -3);
  if (target === '') return null;

  const matches = allPaths.filter((path) => {
    const lower = path.toLowerCase();
    const key = lower.endsWith('.md') ? lower.slice(0, -3) : lower;
    if (rooted) return key === target;
    // A suffix on a segment boundary: the file name for `Note`, the last folders too for `a/Note`.
    return key === target || key.endsWith(`/${target}`);
  });
  if (matches.length === 0) return null;
  return matches.reduce((best, path) => (compareCandidates(path, best) < 0 ? path : best));
}

function compareCandidates(a: string, b: string): number {
  const depth = a.split('/').length - b.split('/').length;
  if (depth !== 0) return depth;
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
