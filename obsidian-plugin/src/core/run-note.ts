// Agent run notes (agents/runs/, written by the server when a workload ends) end with a Logs
// section of fenced stdout and stderr. Pure helpers for the post processor that styles them.

export const RUNS_FOLDER = 'agents/runs/';

export function isAgentRunNote(path: string): boolean {
  return path.startsWith(RUNS_FOLDER) && path.toLowerCase().endsWith('.md');
}

/** The stream a "### stdout" / "### stderr" heading introduces, if it is one. */
export function logStreamOfHeading(text: string): 'stdout' | 'stderr' | undefined {
  const name = text.trim().toLowerCase();
  return name === 'stdout' || name === 'stderr' ? name : undefined;
}

/**
 * The stream whose fenced block starts at 0-based `line` of a run note: the nearest "### stdout"
 * or "### stderr" heading above it, unless another heading comes between.
 */
export function streamAtLine(noteText: string, line: number): 'stdout' | 'stderr' | undefined {
  const lines = noteText.split(/\r\n|\r|\n/);
  for (let index = Math.min(line, lines.length) - 1; index >= 0; index -= 1) {
    const heading = /^#{1,6}\s+(.*)$/.exec(lines[index]!);
    if (heading) return logStreamOfHeading(heading[1]!);
  }
  return undefined;
}
