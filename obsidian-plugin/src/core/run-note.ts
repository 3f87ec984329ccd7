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
