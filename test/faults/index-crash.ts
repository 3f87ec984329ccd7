import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendEditParagraph, editToken, generateSyntheticVault, pickEditTarget } from '../../bench/synthetic-vault';
import { runCli, spawnCli } from '../support/cli-process';
import { changedFiles, hashTree, readIndexSnapshot, snapshotDifferences } from './index-snapshot';
import { seededRandom } from '../../orchestrator/src/scheduling/scheduler-benchmark';
import { problemList, summarizeMs, type MsSummary } from './figures';

// kill -9 `vaultplane index` while it indexes, restart it, and check that the index it ends
// with equals a fresh index of the same vault and that no note byte changed. Most cycles start
// from an empty data dir, so there is always indexing to interrupt; every fourth re-indexes a
// complete index after some notes changed; some cycles crash a second time during the recovery
// run, before the final run completes.

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
  /** Cycles that re-indexed a complete index after notes changed, instead of indexing from nothing. */
  incrementalCycles: number;
  /** Cycles whose final index equals the reference: a fresh index, or for incremental cycles an uninterrupted run from the same start. */
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
interface KillPoint {
  phase: string;
  after: RegExp;
  maxDelayMs: number;
}

const KILL_POINTS: KillPoint[] = [
  { phase: 'scan', after: /scanning vault/, maxDelayMs: 300 },
  { phase: 'train-embed-write', after: /reading\s+(\d+)\/\1 files/, maxDelayMs: 2_000 },
  { phase: 'read', after: /reading\s+\d+\/\d+ files/, maxDelayMs: 200 },
  { phase: 'train-embed-write', after: /reading\s+(\d+)\/\1 files/, maxDelayMs: 2_000 },
];
/** A re-index after a few edits is quick: reading every note, then a few deletes and writes. */
const INCREMENTAL_KILL_POINTS: KillPoint[] = [
  { phase: 'incremental-read', after: /reading\s+\d+\/\d+ files/, maxDelayMs: 150 },
  { phase: 'incremental-write', after: /reading\s+(\d+)\/\1 files/, maxDelayMs: 400 },
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
  const seed = options.seed ?? 7;
  const random = seededRandom(seed);
  const work = await mkdtemp(join(tmpdir(), 'vp-faults-index-'));
  try {
    const vault = join(work, 'vault');
    const dataDir = join(vault, '.vaultplane');
    const startDir = join(work, 'start');
    const expectedDir = join(work, 'expected');
    const { paths } = await generateSyntheticVault(vault, { notes: options.notes, seed });

    /** Indexes the vault as it is now, uninterrupted, from `from` (a copy) or from nothing. */
    const referenceIndex = async (from?: string) => {
      await rm(expectedDir, { recursive: true, force: true });
      if (from) await cp(from, expectedDir, { recursive: true });
      const started = Date.now();
      await runCli(['index', '--vault', vault, '--data', expectedDir]);
      return { snapshot: await readIndexSnapshot(expectedDir), ms: Date.now() - started };
    };
    const fresh = await referenceIndex();
    let expected = fresh.snapshot;
    let notesBefore = await hashTree(vault, [dataDir]);
    log(`fresh index: ${expected.rows.length} chunks in ${fresh.ms} ms (${expected.embedder})`);

    const figures: IndexCrashFigures = {
      suite: 'index-crash',
      cycles: 0,
      notes: options.notes,
      chunks: expected.rows.length,
      kills: 0,
      missedKills: 0,
      killsByPhase: {},
      doubleCrashCycles: 0,
      incrementalCycles: 0,
      recovered: 0,
      mismatchedCycles: 0,
      noteFilesChanged: 0,
      freshIndexMs: fresh.ms,
      recoveryMs: summarizeMs([]),
    };
    const recoveryTimes: number[] = [];

    /** One run of the indexer killed at a kill point; false when it finished first. */
    const killedRun = async (point: KillPoint, delayMs: number): Promise<boolean> => {
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
      // Every fourth cycle re-indexes a complete index after notes changed (rows of changed
      // notes are deleted and added again); the others index from nothing.
      const incremental = cycle % 4 === 3;
      if (incremental) {
        await runCli(['index', '--vault', vault]);
        await rm(startDir, { recursive: true, force: true });
        await cp(dataDir, startDir, { recursive: true });
        for (let edit = 0; edit < Math.max(3, Math.floor(options.notes / 20)); edit++) {
          const path = join(vault, pickEditTarget(paths, seed, cycle * 1_000 + edit));
          await writeFile(path, appendEditParagraph(await readFile(path, 'utf8'), editToken(cycle * 1_000 + edit)));
        }
        notesBefore = await hashTree(vault, [dataDir]);
        // The built-in embedder is not retrained for a few edits, so a fresh index (which trains
        // its own) would differ in every vector: compare with an uninterrupted run from the same start.
        expected = (await referenceIndex(startDir)).snapshot;
        figures.incrementalCycles += 1;
      }
      // Every third cycle the recovery run dies too: recovery must survive its own crash.
      const crashes = cycle % 3 === 2 ? 2 : 1;
      const points = incremental ? INCREMENTAL_KILL_POINTS : KILL_POINTS;
      for (let tries = 1; ; tries++) {
        await rm(dataDir, { recursive: true, force: true });
        if (incremental) await cp(startDir, dataDir, { recursive: true });
        let landed = 0;
        for (let crash = 0; crash < crashes; crash++) {
          const point = points[(cycle + crash) % points.length]!;
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

      const differences = snapshotDifferences(await readIndexSnapshot(dataDir), expected);
      if (differences.length === 0) figures.recovered += 1;
      else {
        figures.mismatchedCycles += 1;
        figures.firstMismatch ??= { cycle, differences };
      }
      const changed = changedFiles(notesBefore, await hashTree(vault, [dataDir]));
      figures.noteFilesChanged += changed.length;
      figures.cycles += 1;
      log(`cycle ${cycle + 1}/${options.cycles}${incremental ? ' (incremental)' : ''}: ${differences.length === 0 ? 'index equals the reference' : `${differences.length} differences`}, ${changed.length} note files changed`);
      if (incremental) {
        // From here on the cold cycles index the edited vault: a new fresh reference.
        expected = (await referenceIndex()).snapshot;
      }
    }
    figures.recoveryMs = summarizeMs(recoveryTimes);
    return figures;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
