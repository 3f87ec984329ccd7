import { describeError } from '../api/api-error';
import type { OrchestratorEvent } from '../api/api-types';
import type { VaultplaneApi } from '../api/vaultplane-api';
import { feedStateText } from '../core/feed-state-text';
import { InlineError } from './block-error';

// What every live block shares: a state line, an error line, and a refresh that runs when the
// feed says something changed. Refreshes never overlap; a change during one runs one more.

export interface LiveRefreshOptions {
  api: VaultplaneApi;
  stateElement: HTMLElement;
  errors: InlineError;
  /** Which events call for a refresh. */
  wants: (event: OrchestratorEvent) => boolean;
  load: () => Promise<void>;
}

export function startLiveRefresh(options: LiveRefreshOptions): () => void {
  let running = false;
  let again = false;
  let disposed = false;

  const refresh = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        try {
          await options.load();
          if (!disposed) options.errors.clear();
        } catch (error) {
          if (!disposed) options.errors.show(describeError(error));
        }
      } while (again && !disposed);
    } finally {
      running = false;
    }
  };

  const unsubscribe = options.api.watch((message) => {
    if (disposed) return;
    if (message.kind === 'state') {
      showState(options.stateElement, feedStateText(message.state), message.state.status === 'live' || message.state.status === 'polling');
    } else if (message.kind === 'resync' || options.wants(message.event)) {
      void refresh();
    }
  });
  // The first read does not wait for the stream: a server that is down shows its error at once.
  void refresh();
  return () => {
    disposed = true;
    unsubscribe();
  };
}

/** A block's state line: a few words, with the live dot while it is up to date. */
export function showState(element: HTMLElement, text: string, live: boolean): void {
  element.setText(text);
  element.toggleClass('vaultplane-state-live', live);
}

// A peer coming or going changes the cluster view: its pods appear, or it is listed unreachable.
export const isPodChange = (event: OrchestratorEvent): boolean =>
  event.type === 'pod' || event.type === 'scheduled' || event.type === 'evicted' || event.type === 'expired' || event.type === 'engine' || event.type === 'peer';
