import { MarkdownRenderChild, type Plugin } from 'obsidian';
import type { VaultplaneApi } from '../api/vaultplane-api';
import { BLOCK_KINDS } from '../core/block-query';
import { mountCodeBlock, type BlockOptions } from '../render/code-block';
import type { Mounted } from '../render/mounted';

/** Mounts a renderer for as long as Obsidian shows its block (reading view and live preview). */
class MountedBlock extends MarkdownRenderChild {
  private mounted: Mounted | undefined;

  constructor(
    containerEl: HTMLElement,
    private readonly mount: () => Mounted,
  ) {
    super(containerEl);
  }

  override onload(): void {
    this.mounted = this.mount();
  }

  override onunload(): void {
    this.mounted?.dispose();
    this.mounted = undefined;
  }
}

export function registerCodeBlocks(plugin: Plugin, api: VaultplaneApi, options: BlockOptions): void {
  for (const kind of BLOCK_KINDS) {
    plugin.registerMarkdownCodeBlockProcessor(kind, (source, el, ctx) => {
      ctx.addChild(new MountedBlock(el, () => mountCodeBlock(kind, el, source, api, options)));
    });
  }
}
