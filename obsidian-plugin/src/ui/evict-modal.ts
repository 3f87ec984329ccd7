import { Notice, SuggestModal, type App } from 'obsidian';
import { describeError } from '../api/api-error';
import type { PodRow } from '../api/api-types';
import type { VaultplaneApi } from '../api/vaultplane-api';
import { sortPods } from '../core/pod-diff';
import { evictWithConfirm } from './pod-actions';

/** "Evict a workload": pick a pod by name, id or image, then confirm. */
export class EvictModal extends SuggestModal<PodRow> {
  private readonly pods: Promise<PodRow[]>;

  constructor(
    app: App,
    private readonly api: VaultplaneApi,
  ) {
    super(app);
    this.setPlaceholder('Pod to evict (name, ID or image)');
    this.pods = api.listPods({ namespace: '' }).then(sortPods, (error: unknown) => {
      new Notice(describeError(error));
      return [];
    });
  }

  async getSuggestions(query: string): Promise<PodRow[]> {
    const needle = query.trim().toLowerCase();
    const pods = await this.pods;
    return pods.filter((pod) => [pod.name, pod.id, pod.image, pod.namespace].some((field) => field.toLowerCase().includes(needle)));
  }

  renderSuggestion(pod: PodRow, el: HTMLElement): void {
    el.createDiv({ text: `${pod.name} · ${pod.status}` });
    el.createEl('small', { text: `${pod.id} · ${pod.image} · ${pod.namespace}`, cls: 'vaultplane-muted' });
  }

  onChooseSuggestion(pod: PodRow): void {
    void evictWithConfirm(this.app, this.api, pod);
  }
}
