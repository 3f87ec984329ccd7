// Small helpers the fault suites share for the figures they print.
import { percentile } from '../../bench/percentile';

export interface MsSummary {
  count: number;
  p50: number;
  max: number;
}

export function summarizeMs(samples: number[]): MsSummary {
  return { count: samples.length, p50: percentile(samples, 50), max: percentile(samples, 100) };
}

/** Prints a suite's figures as one JSON line on stdout, the form `npm run soak` collects. */
export function printFigures(figures: object): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** Collects what a suite's figures show to be wrong; an empty list is a pass. */
export function problemList(checks: Array<[failed: boolean, problem: string]>): string[] {
  return checks.filter(([failed]) => failed).map(([, problem]) => problem);
}
