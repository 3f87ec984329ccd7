import type { OrchestratorEvent } from '@vaultplane/orchestrator';
import { describe, expect, it } from 'vitest';
import { needsRunNote } from './run-note-writer';

const died = (overrides: Partial<Extract<OrchestratorEvent, { type: 'pod' }>> = {}): OrchestratorEvent => ({
  type: 'pod',
  action: 'die',
  podId: 'tests-1a2b3c4d',
  name: 'tests',
  namespace: 'default',
  task: '001-example/T012',
  exitCode: 0,
  owner: 'this-server',
  time: '2030-01-01T00:00:00.000Z',
  ...overrides,
});

describe('needsRunNote', () => {
  it('is true when a workload this server started for a task has ended', () => {
    expect(needsRunNote(died(), 'this-server')).toBe(true);
  });

  it("is false for another server's workload on the same engine, or one with no owner (a found bug: each server noted them all)", () => {
    expect(needsRunNote(died({ owner: 'another-server' }), 'this-server')).toBe(false);
    expect(needsRunNote(died({ owner: null }), 'this-server')).toBe(false);
  });

  it('is false for workloads without a task and for events other than an ending', () => {
    expect(needsRunNote(died({ task: null }), 'this-server')).toBe(false);
    expect(needsRunNote(died({ action: 'start' }), 'this-server')).toBe(false);
    expect(needsRunNote({ type: 'engine', state: 'available', time: '' }, 'this-server')).toBe(false);
  });
});
