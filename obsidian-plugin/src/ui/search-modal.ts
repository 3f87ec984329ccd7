import { SuggestModal, type App } from 'obsidian';
import { describeError } from '../api/api-error';
import type { SearchHit } from '../api/api-types';
import type { VaultplaneApi } from '../api/vaultplane-api';

/** Typing pauses this long before a search is sent, so each keystroke does not cost a query. */
const TYPING_PAUSE_MS = 250;
const MIN_QUERY_LENGTH = 2;

/** "Search the vault": `search_notes` results; choosing one opens the note at the hit's line. */
export class SearchModal extends SuggestModal<SearchHit> {
  private latest = '';

  constructor(
    app: App,
    private readonly api: VaultplaneApi,
  ) {
    super(app);
    this.setPlaceholder('Search the vault with vaultplane (meaning and exact words)');
    this.emptyStateText = 'Type at least two characters.';
  }

  async getSuggestions(query: string): Promise<SearchHit[]> {
    this.latest = query;
    if (query.trim().length < MIN_QUERY_LENGTH) return [];
    await new Promise((resolve) => window.setTimeout(resolve, TYPING_PAUSE_MS));
    if (query !== this.latest) return [];
    try {
      const hits = await this.api.searchNotes(query.trim());
      this.emptyStateText = 'No notes match.';
      return hits;
    } catch (error) {
      this.emptyStateText = describeError(error);
      return [];
    }
  }

  renderSuggestion(hit: SearchHit, el: HTMLElement): void {
    el.createDiv({ text: hit.heading === '' ? hit.path : `${hit.path} › ${hit.heading}` });
    el.createEl('small', { text: hit.snippet, cls: 'vaultplane-muted vaultplane-snippet' });
  }

  onChooseSuggestion(hit: SearchHit): void {
    void this.app.workspace.openLinkText(hit.path, '', false, { eState: { line: Math.max(0, hit.snippetLine - 1) } });
  }
}
