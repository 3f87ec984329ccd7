/**
 * `npm run soak`: the crash and fault suites at full length (the cycle counts), one
 * after the other. Each prints its figures as one JSON line on stdout, with a `problems`
 * list; progress goes to stderr. Exit code 1 when any suite found a problem or could not run.
 *
 *   npm run soak                         all four suites
 *   npm run soak -- index-crash          one (or several) of them by name
 *
 * Needs a built CLI (the npm script builds it), and for workload-crash and engine-outage root
 * with dockerd installed: they run on a private engine of their own.
 */
import { concurrentWritersProblems, runConcurrentWritersSuite } from './concurrent-writers';
import { engineOutageProblems, runEngineOutageSuite } from './engine-outage';
import { printFigures } from './figures';
import { indexCrashProblems, runIndexCrashSuite } from './index-crash';
import { privateEngineAvailability } from './private-engine';
import { runWorkloadCrashSuite, workloadCrashProblems } from './workload-crash';

const INDEX_CYCLES = 50;
const INDEX_NOTES = 600;
const WORKLOAD_CYCLES = 20;
const WORKLOADS = 20;
const ENGINE_CYCLES = 5;
const WRITER_EDITS = 1_000;

async function privateEngineUnavailable(): Promise<string | undefined> {
  const engine = await privateEngineAvailability();
  return engine.available ? undefined : engine.reason;
}

interface Suite {
  name: string;
  /** Why it cannot run here, if it cannot. */
  unavailable(): Promise<string | undefined>;
  run(log: (message: string) => void): Promise<{ figures: object; problems: string[] }>;
}

const SUITES: Suite[] = [
  {
    name: 'index-crash',
    unavailable: async () => undefined,
    run: async (log) => {
      const figures = await runIndexCrashSuite({ cycles: INDEX_CYCLES, notes: INDEX_NOTES, log });
      return { figures, problems: indexCrashProblems(figures, INDEX_CYCLES) };
    },
  },
  {
    name: 'workload-crash',
    unavailable: privateEngineUnavailable,
    run: async (log) => {
      const figures = await runWorkloadCrashSuite({ cycles: WORKLOAD_CYCLES, workloads: WORKLOADS, log });
      return { figures, problems: workloadCrashProblems(figures, WORKLOAD_CYCLES) };
    },
  },
  {
    name: 'engine-outage',
    unavailable: privateEngineUnavailable,
    run: async (log) => {
      const figures = await runEngineOutageSuite({ cycles: ENGINE_CYCLES, log });
      return { figures, problems: engineOutageProblems(figures, ENGINE_CYCLES) };
    },
  },
  {
    name: 'concurrent-writers',
    unavailable: async () => undefined,
    run: async (log) => {
      const figures = await runConcurrentWritersSuite({ edits: WRITER_EDITS, log });
      return { figures, problems: concurrentWritersProblems(figures, WRITER_EDITS) };
    },
  },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SUITES.some((suite) => suite.name === name));
if (unknown.length > 0) {
  process.stderr.write(`soak: unknown suite ${unknown.join(', ')}; choose from ${SUITES.map((suite) => suite.name).join(', ')}\n`);
  process.exit(2);
}

let failed = false;
for (const suite of SUITES.filter((candidate) => wanted.length === 0 || wanted.includes(candidate.name))) {
  const log = (message: string) => process.stderr.write(`${suite.name}: ${message}\n`);
  const reason = await suite.unavailable();
  if (reason !== undefined) {
    printFigures({ suite: suite.name, problems: [`cannot run: ${reason}`] });
    failed = true;
    continue;
  }
  const started = Date.now();
  try {
    const { figures, problems } = await suite.run(log);
    printFigures({ ...figures, wallMs: Date.now() - started, problems });
    failed ||= problems.length > 0;
  } catch (error) {
    printFigures({ suite: suite.name, wallMs: Date.now() - started, problems: [`crashed: ${(error as Error).stack ?? error}`] });
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
