import { describe, expect, it } from 'vitest';
import { NoteManifestError, workloadFromNote, workloadNameFromPath } from './note-manifest';

describe('workloadFromNote', () => {
  it('takes the workload block, names it after the note, and lets call arguments win', () => {
    const spec = workloadFromNote('workloads/Nightly Tests.md', { workload: { image: 'busybox', cpu: 0.5 } }, undefined, { cpu: 1 });
    expect(spec).toEqual({ name: 'nightly-tests', image: 'busybox', cpu: 1 });
    expect(workloadFromNote('w.md', { workload: { name: 'given', image: 'x' } }, undefined).name).toBe('given');
  });

  it('says what is wrong with a note that is not a manifest', () => {
    expect(() => workloadFromNote('a.md', {}, undefined)).toThrow(/no 'workload:' block/);
    expect(() => workloadFromNote('a.md', { workload: 'busybox' }, undefined)).toThrow(NoteManifestError);
    expect(() => workloadFromNote('a.md', {}, 'not valid YAML at line 2')).toThrow(/broken frontmatter/);
  });

  it('makes a DNS label of any file name', () => {
    expect(workloadNameFromPath('x/Über Café!!.md')).toBe('ber-caf');
    expect(workloadNameFromPath('___.md')).toBe('workload');
    expect(workloadNameFromPath(`${'a'.repeat(39)}-b.md`)).toBe('a'.repeat(39));
  });
});
