// Small helpers the fault suites share for the figures they print.

export interface MsSummary {
  count: number;
  p50: number;
  max: number;
}

export function summarizeMs(samples: number[]): MsSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { count: sorted.length, p50: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0, max: sorted.at(-1) ?? 0 };
}

/** Prints a suite's figures as one JSON line on stdout, the form `npm run soak` collects. */
export function printFigures(figures: object): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** Collects what a suite's figures show to be wrong; an empty list is a pass. */
export function problemList(checks: Array<[failed: boolean, problem: string]>): string[] {
  return checks.filter(([failed]) => failed).map(([, problem]) => problem);
}
