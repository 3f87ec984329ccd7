import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticVault } from '../../bench/synthetic-vault';
import { runCli, spawnCli } from './cli-process';
import { changedFiles, hashTree, readIndexSnapshot, snapshotDifferences } from './index-snapshot';
import { seededRandom } from '../../orchestrator/src/scheduling/scheduler-benchmark';
import { problemList, summarizeMs, type MsSummary } from './figures';

// kill -9 `vaultplane index` while it indexes, restart it, and check that the index it ends
// with equals a fresh index of the same vault and that no note byte changed. Each cycle starts
// from an empty data dir, so there is always indexing to interrupt; some cycles crash a second
// time during the recovery run, before the final run completes.

export interface IndexCrashOptions {
  cycles: number;
  notes: number;
  seed?: number;
  log?: (message: string) => void;
}

export interface IndexCrashFigures {
  suite: 'index-crash';
  cycles: number;
  notes: number;
  chunks: number;
  /** SIGKILLs that hit a running indexer. */
  kills: number;
  /** Kills that came after the indexer had finished; the cycle was run again with a shorter delay. */
  missedKills: number;
  killsByPhase: Record<string, number>;
  /** Cycles whose second run was killed too. */
  doubleCrashCycles: number;
  /** Cycles whose final index equals the fresh one. */
  recovered: number;
  mismatchedCycles: number;
  firstMismatch?: { cycle: number; differences: string[] };
  /** Note files whose bytes changed, summed over cycles (must be 0). */
  noteFilesChanged: number;
  freshIndexMs: number;
  /** The run after the crash(es), to a complete index. */
  recoveryMs: MsSummary;
}

/**
 * Where a kill lands: the first stderr line matching `after`, then a random delay up to
 * `maxDelayMs`. Past the reading phase the CLI prints embedding progress only every 2 s, so
 * the late kill lands by delay in training, embedding, a table write or the status save.
 */
const KILL_POINTS: Array<{ phase: string; after: RegExp; maxDelayMs: number }> = [
  { phase: 'scan', after: /scanning vault/, maxDelayMs: 300 },
  { phase: 'train-embed-write', after: /reading\s+(\d+)\/\1 files/, maxDelayMs: 2_000 },
  { phase: 'read', after: /reading\s+\d+\/\d+ files/, maxDelayMs: 200 },
  { phase: 'train-embed-write', after: /reading\s+(\d+)\/\1 files/, maxDelayMs: 2_000 },
];
/** A kill that came after the indexer finished is tried again with a shorter delay. */
const MAX_KILL_TRIES = 5;

/** What the figures show to be wrong; empty when every cycle recovered. */
export function indexCrashProblems(figures: IndexCrashFigures, cycles: number): string[] {
  return problemList([
    [figures.cycles !== cycles, `${figures.cycles} of ${cycles} cycles ran`],
    // Every kill must hit a running indexer, or the cycle proves nothing.
    [figures.kills < figures.cycles + figures.doubleCrashCycles, `only ${figures.kills} kills landed while indexing`],
    [figures.recovered !== figures.cycles, `${figures.mismatchedCycles} cycles ended with an index unlike a fresh one: ${JSON.stringify(figures.firstMismatch)}`],
    [figures.noteFilesChanged !== 0, `${figures.noteFilesChanged} note files changed`],
  ]);
}

export async function runIndexCrashSuite(options: IndexCrashOptions): Promise<IndexCrashFigures> {
  const log = options.log ?? (() => {});
  const random = seededRandom(options.seed ?? 7);
  const work = await mkdtemp(join(tmpdir(), 'vp-faults-index-'));
  try {
    const vault = join(work, 'vault');
    const dataDir = join(vault, '.vaultplane');
    await generateSyntheticVault(vault, { notes: options.notes, seed: options.seed ?? 7 });
    const notesBefore = await hashTree(vault, [dataDir]);

    const freshStarted = Date.now();
    await runCli(['index', '--vault', vault, '--data', join(work, 'fresh')]);
    const freshIndexMs = Date.now() - freshStarted;
    const fresh = await readIndexSnapshot(join(work, 'fresh'));
    log(`fresh index: ${fresh.rows.length} chunks in ${freshIndexMs} ms (${fresh.embedder})`);

    const figures: IndexCrashFigures = {
      suite: 'index-crash',
      cycles: 0,
      notes: options.notes,
      chunks: fresh.rows.length,
      kills: 0,
      missedKills: 0,
      killsByPhase: {},
      doubleCrashCycles: 0,
      recovered: 0,
      mismatchedCycles: 0,
      noteFilesChanged: 0,
      freshIndexMs,
      recoveryMs: summarizeMs([]),
    };
    const recoveryTimes: number[] = [];

    /** One run of the indexer killed at a kill point; false when it finished first. */
    const killedRun = async (point: (typeof KILL_POINTS)[number], delayMs: number): Promise<boolean> => {
      const indexer = spawnCli(['index', '--vault', vault]);
      try {
        await indexer.waitFor(point.after);
      } catch {
        const { code } = await indexer.exited;
        if (code !== 0) throw new Error(`vaultplane index failed before the kill point:\n${indexer.stderr().slice(-2000)}`);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const wasRunning = indexer.child.exitCode === null;
      await indexer.kill9();
      return wasRunning;
    };

    for (let cycle = 0; cycle < options.cycles; cycle++) {
      // Every third cycle the recovery run dies too: recovery must survive its own crash.
      const crashes = cycle % 3 === 2 ? 2 : 1;
      for (let tries = 1; ; tries++) {
        await rm(dataDir, { recursive: true, force: true });
        let landed = 0;
        for (let crash = 0; crash < crashes; crash++) {
          const point = KILL_POINTS[(cycle + crash) % KILL_POINTS.length]!;
          const delayMs = Math.floor((random() * point.maxDelayMs) / tries);
          if (!(await killedRun(point, delayMs))) break;
          landed += 1;
          figures.killsByPhase[point.phase] = (figures.killsByPhase[point.phase] ?? 0) + 1;
          log(`cycle ${cycle + 1}: kill -9 in ${point.phase} (+${delayMs} ms)`);
        }
        figures.kills += landed;
        if (landed === crashes) break;
        figures.missedKills += 1;
        if (tries === MAX_KILL_TRIES) throw new Error(`cycle ${cycle + 1}: the indexer finished before the kill ${tries} times; use a bigger vault`);
      }
      if (crashes === 2) figures.doubleCrashCycles += 1;
      const started = Date.now();
      await runCli(['index', '--vault', vault]);
      recoveryTimes.push(Date.now() - started);

      const differences = snapshotDifferences(await readIndexSnapshot(dataDir), fresh);
      if (differences.length === 0) figures.recovered += 1;
      else {
        figures.mismatchedCycles += 1;
        figures.firstMismatch ??= { cycle, differences };
      }
      const changed = changedFiles(notesBefore, await hashTree(vault, [dataDir]));
      figures.noteFilesChanged += changed.length;
      figures.cycles += 1;
      log(`cycle ${cycle + 1}/${options.cycles}: ${differences.length === 0 ? 'index equals the fresh one' : `${differences.length} differences`}, ${changed.length} note files changed`);
    }
    figures.recoveryMs = summarizeMs(recoveryTimes);
    return figures;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
