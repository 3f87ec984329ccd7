import { describe, expect, it } from 'vitest';
import { createIgnoreFilter } from './ignore-rules';

describe('createIgnoreFilter', () => {
  const isIgnored = createIgnoreFilter();

  it('keeps markdown notes and folders', () => {
    expect(isIgnored('note.md', false)).toBe(false);
    expect(isIgnored('specs/001-example/tasks.md', false)).toBe(false);
    expect(isIgnored('specs', true)).toBe(false);
  });

  it('skips files that are not .md', () => {
    expect(isIgnored('image.png', false)).toBe(true);
    expect(isIgnored('canvas.canvas', false)).toBe(true);
    expect(isIgnored('notes.md.bak', false)).toBe(true);
    expect(isIgnored('.note.md.1234.vaultplane-tmp', false)).toBe(true);
  });

  it('always skips app, trash, VCS, dependency and data folders, at any depth', () => {
    for (const folder of ['.obsidian', '.trash', '.git', 'node_modules', '.vaultplane']) {
      expect(isIgnored(folder, true)).toBe(true);
      expect(isIgnored(`${folder}/inside.md`, false)).toBe(true);
    }
    expect(isIgnored('code/project/node_modules/pkg/README.md', false)).toBe(true);
    expect(isIgnored('sub/.git', true)).toBe(true);
  });

  it('skips a data dir with a custom name, and only that exact folder', () => {
    const filter = createIgnoreFilter({ dataDirRelative: 'state/vp' });
    expect(filter('state/vp', true)).toBe(true);
    expect(filter('state/vp/chunks.md', false)).toBe(true);
    expect(filter('state/vpx.md', false)).toBe(false);
    expect(filter('state', true)).toBe(false);
  });

  it('applies .vaultplaneignore with gitignore syntax', () => {
    const filter = createIgnoreFilter({
      ignoreFileText: ['# private stuff', 'private/', '*.draft.md', 'templates/**', '!templates/keep.md', '/root-only.md', ''].join('\n'),
    });
    expect(filter('private', true)).toBe(true);
    expect(filter('private/diary.md', false)).toBe(true);
    expect(filter('notes/private', true)).toBe(true);
    expect(filter('ideas/post.draft.md', false)).toBe(true);
    expect(filter('ideas/post.md', false)).toBe(false);
    expect(filter('templates/daily.md', false)).toBe(true);
    expect(filter('templates/keep.md', false)).toBe(false);
    expect(filter('root-only.md', false)).toBe(true);
    expect(filter('sub/root-only.md', false)).toBe(false);
  });

  it('matches folder-only patterns only against folders', () => {
    const filter = createIgnoreFilter({ ignoreFileText: 'drafts/' });
    expect(filter('drafts', true)).toBe(true);
    expect(filter('drafts.md', false)).toBe(false);
  });

  it('never skips the vault root and always skips paths outside it', () => {
    expect(isIgnored('', true)).toBe(false);
    expect(isIgnored('../outside.md', false)).toBe(true);
  });
});
