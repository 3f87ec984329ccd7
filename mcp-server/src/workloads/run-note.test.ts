import { describe, expect, it } from 'vitest';
import { parseNote } from '../notes/note-parser';
import { formatRunNote, runNotePath, type FinishedRun } from './run-note';

const run: FinishedRun = {
  podId: 'test-runner-ab12',
  name: 'test-runner',
  image: 'vaultplane/busybox:test',
  node: 'laptop',
  namespace: 'default',
  task: '001-example/T012',
  exitCode: 0,
  startedAt: '2026-11-24T10:00:00.000Z',
  finishedAt: '2026-11-24T10:00:03.400Z',
  stdoutTail: 'lint: ok\nunit: ok\n',
  stderrTail: '',
};

describe('run notes', () => {
  it('carry the run in frontmatter a parser reads back, a link to the tasks and the log tail', () => {
    const note = parseNote('agents/runs/x.md', formatRunNote(run));
    expect(note.frontmatterError).toBeUndefined();
    expect(note.frontmatter).toMatchObject({ workload: 'test-runner', task: '001-example/T012', exitCode: 0, durationSeconds: 3, image: 'vaultplane/busybox:test' });
    expect(note.links).toContain('specs/001-example/tasks');
    expect(note.tags).toContain('agent-run');
    expect(note.body).toContain('unit: ok');
  });

  it('keep log text that contains backticks inside its fence', () => {
    const text = formatRunNote({ ...run, stdoutTail: 'before\n```\ninjected\n```\nafter' });
    const fence = /^(`{4,})text$/m.exec(text)![1]!;
    expect(text).toContain(`${fence}text\nbefore\n\`\`\`\ninjected`);
  });

  it('get a dated path that never overwrites an earlier run', () => {
    const taken = new Set(['agents/runs/2026-11-24-test-runner.md', 'agents/runs/2026-11-24-test-runner-2.md']);
    expect(runNotePath(run, (path) => taken.has(path))).toBe('agents/runs/2026-11-24-test-runner-3.md');
    expect(runNotePath(run, () => false)).toBe('agents/runs/2026-11-24-test-runner.md');
  });
});
