/**
 * A note whose frontmatter holds a `workload:` block is a manifest: `schedule_workload
 * { fromNote }` runs it. Pure: the caller reads the note and the orchestrator validates the spec.
 */
export class NoteManifestError extends Error {
  readonly code = 'NOTE_MANIFEST_INVALID';
}

/** Turns a file name into a workload name (a DNS label). */
export function workloadNameFromPath(path: string): string {
  const base = path.split('/').pop()!.replace(/\.md$/i, '');
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'workload';
}

/**
 * The workload spec a note declares, with `overrides` (from the tool call) on top. The name
 * defaults to the note's file name.
 */
export function workloadFromNote(
  path: string,
  frontmatter: Record<string, unknown>,
  frontmatterError: string | undefined,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  if (frontmatterError) {
    throw new NoteManifestError(`Note '${path}' has broken frontmatter (${frontmatterError}); fix it before scheduling from it.`);
  }
  const block = frontmatter.workload;
  if (block === undefined) {
    throw new NoteManifestError(`Note '${path}' has no 'workload:' block in its frontmatter; add one with at least an image, or pass the spec directly.`);
  }
  if (typeof block !== 'object' || block === null || Array.isArray(block)) {
    throw new NoteManifestError(`The 'workload:' frontmatter of '${path}' must be a mapping (image, command, cpu, memoryMb, env, task).`);
  }
  return { name: workloadNameFromPath(path), ...(block as Record<string, unknown>), ...overrides };
}
