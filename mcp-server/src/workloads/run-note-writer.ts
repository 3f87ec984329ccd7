/**
 * Writes a run note when a workload that worked on a Spec-Kit task ends, into the vault that
 * holds that feature's specs (else the first), and indexes it at once so search finds it.
 * A workload scheduled with completeTask that exits 0 also checks its task.
 */
import { ADMIN, type Orchestrator, type OrchestratorEvent } from '@vaultplane/orchestrator';
import type { VaultSet } from '../vaults/vault-set';
import { applyTaskUpdateInVaults } from '../speckit/vault-task-update';
import { readPodLogText } from './pod-log-text';
import { formatRunNote, runNotePath, type FinishedRun } from './run-note';

const LOG_TAIL_LINES = 40;
const LOG_TAIL_BYTES = 8 * 1024;

export interface RunNoteWriterOptions {
  orchestrator: Orchestrator;
  vaults: VaultSet;
  log: (message: string) => void;
  /** The owner label this server puts on its pods: other servers' pods on the engine are theirs to note. */
  owner: string;
}

type PodEvent = Extract<OrchestratorEvent, { type: 'pod' }>;

/** A workload of this server that worked on a task has ended: the one kind of event that gets a run note. */
export function needsRunNote(event: OrchestratorEvent, owner: string): event is PodEvent & { task: string } {
  return event.type === 'pod' && event.action === 'die' && Boolean(event.task) && event.owner === owner;
}

/** Starts listening; returns a function that stops it and waits for notes being written. */
export function startRunNoteWriter({ orchestrator, vaults, log, owner }: RunNoteWriterOptions): () => Promise<void> {
  const writing = new Set<Promise<void>>();
  const write = async (event: PodEvent, task: string) => {
    const pod = await orchestrator.get(event.podId, ADMIN);
    const { stdout, stderr } = await readPodLogText(orchestrator, pod.id, { tail: LOG_TAIL_LINES, limitBytes: LOG_TAIL_BYTES });
    const run: FinishedRun = {
      podId: pod.id,
      name: pod.name,
      image: pod.image,
      node: pod.node,
      namespace: pod.namespace,
      task,
      exitCode: event.exitCode ?? pod.exitCode,
      startedAt: pod.createdAt,
      finishedAt: event.time,
      stdoutTail: stdout,
      stderrTail: stderr,
    };
    const [feature = '', taskId = ''] = task.split('/');
    const vault = vaults.forFeature(feature);
    const known = new Set(vault.indexer.allStatuses().map((status) => status.path));
    const written = await vault.notes.write(runNotePath(run, (path) => known.has(path)), formatRunNote(run));
    await vault.indexer.updateFile(written.path);
    log(`run note ${vault.name}/${written.path} for ${pod.id} (${task}, exit ${run.exitCode})`);
    if (pod.completeTask && run.exitCode === 0) {
      await applyTaskUpdateInVaults(vaults, { feature, taskId, done: true, vault: vault.name }, orchestrator);
      log(`checked ${task}: ${pod.id} exited 0`);
    }
  };
  const unsubscribe = orchestrator.events.subscribe((event) => {
    // A found bug: without the owner check every server on an engine wrote run notes (and checked
    // tasks) in its own vault for workloads another server had started.
    if (!needsRunNote(event, owner)) return;
    const task = event.task;
    const job = write(event, task)
      .catch((error: Error) => log(`could not write the run note of ${event.podId}: ${error.message}`))
      .finally(() => writing.delete(job));
    writing.add(job);
  });
  return async () => {
    unsubscribe();
    await Promise.all(writing);
  };
}
