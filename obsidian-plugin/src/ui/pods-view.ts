import { ItemView, type WorkspaceLeaf } from 'obsidian';
import type { VaultplaneApi } from '../api/vaultplane-api';
import type { Mounted } from '../render/mounted';
import { mountPodsTable, type PodActions } from '../render/pods-table';

export const PODS_VIEW_TYPE = 'vaultplane-pods-view';

/** The side view: every workload in every namespace, live, with Logs and Evict. */
export class PodsView extends ItemView {
  private mounted: Mounted | undefined;

  constructor(
    leaf: WorkspaceLeaf,
    private readonly api: VaultplaneApi,
    private readonly actions: PodActions,
  ) {
    super(leaf);
  }

  getViewType(): string {
    return PODS_VIEW_TYPE;
  }

  getDisplayText(): string {
    return 'Pods';
  }

  override getIcon(): string {
    return 'boxes';
  }

  override async onOpen(): Promise<void> {
    this.contentEl.addClass('vaultplane-pods-view');
    this.mounted = mountPodsTable(this.contentEl, { namespace: '' }, this.api, this.actions);
    await Promise.resolve();
  }

  override async onClose(): Promise<void> {
    this.mounted?.dispose();
    this.mounted = undefined;
    await Promise.resolve();
  }
}
