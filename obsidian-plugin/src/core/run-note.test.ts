import { describe, expect, it } from 'vitest';
import { isAgentRunNote, streamAtLine } from './run-note';

const NOTE = ['---', 'workload: "x"', '---', '# Run of x', '', '## Logs', '', '### stdout', '', '```text', '# not a heading', '```', '', '### stderr', '', '```text', 'boom', '```'].join('\n');

describe('agent run notes', () => {
  it('are the markdown notes under agents/runs/', () => {
    expect(isAgentRunNote('agents/runs/2026-11-25-x.md')).toBe(true);
    expect(isAgentRunNote('agents/other.md')).toBe(false);
    expect(isAgentRunNote('agents/runs/image.png')).toBe(false);
  });

  it('know which stream a fenced block shows from the heading above it', () => {
    expect(streamAtLine(NOTE, 9)).toBe('stdout');
    expect(streamAtLine(NOTE, 15)).toBe('stderr');
    expect(streamAtLine(NOTE, 4)).toBeUndefined();
  });
});
