import type { Plugin } from 'obsidian';
import { isAgentRunNote, streamAtLine } from '../core/run-note';

/**
 * Agent run notes (agents/runs/) end with fenced stdout and stderr: mark those blocks so the
 * stylesheet gives them a bounded, scrollable, wrapped terminal look, stderr tinted.
 */
export function registerRunNoteLogs(plugin: Plugin): void {
  plugin.registerMarkdownPostProcessor((el, ctx) => {
    if (!isAgentRunNote(ctx.sourcePath)) return;
    el.addClass('vaultplane-run-note');
    const blocks = el.querySelectorAll('pre');
    if (blocks.length === 0) return;
    const section = ctx.getSectionInfo(el);
    const stream = section === null ? undefined : streamAtLine(section.text, section.lineStart);
    blocks.forEach((pre) => {
      pre.addClass('vaultplane-run-log');
      if (stream !== undefined) pre.addClass(`vaultplane-run-${stream}`);
    });
  });
}
