/**
 * The note a finished workload leaves in the vault (`agents/runs/YYYY-MM-DD-<name>.md`), so
 * what an agent's run did is searchable like any other note. Pure: the writer does the I/O.
 */
export interface FinishedRun {
  podId: string;
  name: string;
  image: string;
  node: string;
  namespace: string;
  /** Spec-Kit task as `<feature>/<taskId>`, e.g. `001-example/T012`. */
  task: string;
  exitCode: number | null;
  startedAt: string;
  finishedAt: string;
  stdoutTail: string;
  stderrTail: string;
}

export const RUNS_FOLDER = 'agents/runs';

export function runNotePath(run: FinishedRun, taken: (path: string) => boolean): string {
  const day = run.finishedAt.slice(0, 10);
  const base = `${RUNS_FOLDER}/${day}-${run.name}`;
  if (!taken(`${base}.md`)) return `${base}.md`;
  for (let n = 2; ; n += 1) if (!taken(`${base}-${n}.md`)) return `${base}-${n}.md`;
}

function yamlString(value: string): string {
  return JSON.stringify(value);
}

function fenced(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text.replace(/\n$/, '')}\n${fence}`;
}

export function formatRunNote(run: FinishedRun): string {
  const [feature = '', taskId = ''] = run.task.split('/');
  const durationSeconds = Math.max(0, Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000));
  const outcome = run.exitCode === 0 ? 'succeeded' : `failed (exit code ${run.exitCode ?? 'unknown'})`;
  const lines = [
    '---',
    `workload: ${yamlString(run.name)}`,
    `pod: ${yamlString(run.podId)}`,
    `image: ${yamlString(run.image)}`,
    `task: ${yamlString(run.task)}`,
    `node: ${yamlString(run.node)}`,
    `namespace: ${yamlString(run.namespace)}`,
    `exitCode: ${run.exitCode ?? 'null'}`,
    `started: ${yamlString(run.startedAt)}`,
    `finished: ${yamlString(run.finishedAt)}`,
    `durationSeconds: ${durationSeconds}`,
    'tags: [agent-run]',
    '---',
    `# Run of ${run.name} for ${run.task}`,
    '',
    `${run.name} ${outcome} after ${durationSeconds} s on node ${run.node}, working on task ${taskId} of [[specs/${feature}/tasks|${feature} tasks]].`,
    '',
    '## Logs',
    '',
    '### stdout',
    '',
    run.stdoutTail ? fenced(run.stdoutTail) : '_(nothing)_',
    '',
    '### stderr',
    '',
    run.stderrTail ? fenced(run.stderrTail) : '_(nothing)_',
    '',
  ];
  return lines.join('\n');
}
