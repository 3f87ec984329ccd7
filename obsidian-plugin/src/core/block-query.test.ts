import { describe, expect, it } from 'vitest';
import { parseLogsQuery, parsePodsQuery, parseTasksQuery } from './block-query';

describe('vaultplane-pods query', () => {
  it('is empty for an empty block: every pod', () => {
    expect(parsePodsQuery('')).toEqual({ ok: true, query: {} });
  });

  it('reads filters, ignoring comments, blank lines, case of keys and quotes', () => {
    expect(parsePodsQuery('# mine\nNamespace: team-a\n\ntask: "001-example/T012"\nstatus: running\n')).toEqual({
      ok: true,
      query: { namespace: 'team-a', task: '001-example/T012', status: 'running' },
    });
  });

  it('reads namespace * as every namespace', () => {
    expect(parsePodsQuery('namespace: *')).toEqual({ ok: true, query: { namespace: '' } });
  });

  it('names the bad status and lists the good ones', () => {
    const result = parsePodsQuery('status: runing');
    expect(result).toEqual({ ok: false, error: expect.stringContaining("status 'runing' is not one of pending, running") });
  });

  it('refuses unknown and repeated keys with the line number', () => {
    expect(parsePodsQuery('namespace: a\nimage: busybox')).toEqual({ ok: false, error: "vaultplane-pods line 2: unknown key 'image'; keys are namespace, task, status" });
    expect(parsePodsQuery('task: a\ntask: b')).toEqual({ ok: false, error: "vaultplane-pods line 2: 'task' is given twice" });
  });

  it('refuses a line that is not key: value, and a key without a value', () => {
    expect(parsePodsQuery('running')).toEqual({ ok: false, error: expect.stringContaining('line 1: "running" is not "key: value"') });
    expect(parsePodsQuery('namespace:')).toEqual({ ok: false, error: "vaultplane-pods line 1: 'namespace' has no value" });
  });
});

describe('vaultplane-tasks query', () => {
  it('takes a bare feature name or feature: with status and phase', () => {
    expect(parseTasksQuery('001-example')).toEqual({ ok: true, query: { feature: '001-example' } });
    expect(parseTasksQuery('feature: 001-example\nstatus: open\nphase: 3')).toEqual({ ok: true, query: { feature: '001-example', status: 'open', phase: 3 } });
  });

  it('needs a feature, and refuses paths and bad phases', () => {
    expect(parseTasksQuery('status: open')).toEqual({ ok: false, error: expect.stringContaining('give the feature') });
    expect(parseTasksQuery('feature: ../secret')).toEqual({ ok: false, error: expect.stringContaining("feature '../secret' is not a folder name") });
    expect(parseTasksQuery('feature: 001\nphase: two')).toEqual({ ok: false, error: expect.stringContaining("phase 'two' must be a whole number") });
    expect(parseTasksQuery('feature: 001\nstatus: closed')).toEqual({ ok: false, error: expect.stringContaining("status 'closed' must be open or done") });
  });
});

describe('vaultplane-logs query', () => {
  it('takes a bare pod or pod: with tail', () => {
    expect(parseLogsQuery('test-runner')).toEqual({ ok: true, query: { pod: 'test-runner' } });
    expect(parseLogsQuery('pod: test-runner-1a2b\ntail: 50')).toEqual({ ok: true, query: { pod: 'test-runner-1a2b', tail: 50 } });
  });

  it('needs a pod and a sane tail', () => {
    expect(parseLogsQuery('')).toEqual({ ok: false, error: expect.stringContaining('give the pod id or workload name') });
    expect(parseLogsQuery('pod: a\ntail: -1')).toEqual({ ok: false, error: expect.stringContaining("tail '-1' must be a whole number") });
    expect(parseLogsQuery('pod: a\ntail: 99999')).toEqual({ ok: false, error: expect.stringContaining('from 0 to 10000') });
  });

  it('does not take two bare lines as a pod', () => {
    expect(parseLogsQuery('a\nb')).toEqual({ ok: false, error: expect.stringContaining('line 1: "a" is not "key: value"') });
  });
});
