import type { FeedState } from '../api/vaultplane-api';

/** The few words a view shows about its live connection. Pure. */
export function feedStateText(state: FeedState): string {
  switch (state.status) {
    case 'connecting':
      return 'connecting…';
    case 'live':
      return 'live';
    case 'polling':
      return `refreshing every ${state.everySeconds} s`;
    case 'reconnecting':
      return `${state.error}; reconnecting in ${Math.max(1, Math.round(state.inMs / 1000))} s`;
  }
}
