import type { VaultplaneApi } from '../api/vaultplane-api';
import { describeError } from '../api/api-error';
import { statusSummary } from '../core/health-summary';

/** Health is asked this often, and at once on engine changes from the feed. */
const HEALTH_EVERY_MS = 30_000;

/** The status bar item: node health and capacity; red when the server is unreachable. Returns stop. */
export function startStatusBar(item: HTMLElement, api: VaultplaneApi, onClick: () => void): () => void {
  item.addClass('vaultplane-status-bar', 'mod-clickable');
  item.addEventListener('click', onClick);
  let stopped = false;

  const refresh = async () => {
    let summary;
    try {
      summary = statusSummary(await api.health());
    } catch (error) {
      summary = statusSummary({ unreachable: describeError(error) });
    }
    if (stopped) return;
    item.setText(summary.text);
    item.setAttr('aria-label', summary.tooltip);
    for (const level of ['ok', 'warn', 'down']) item.toggleClass(`vaultplane-health-${level}`, summary.level === level);
  };

  const timer = window.setInterval(() => void refresh(), HEALTH_EVERY_MS);
  const unsubscribe = api.watch((message) => {
    if (message.kind === 'event' && (message.event.type === 'engine' || message.event.type === 'scheduled' || message.event.type === 'evicted')) void refresh();
    if (message.kind === 'state' && (message.state.status === 'live' || message.state.status === 'reconnecting')) void refresh();
  });
  void refresh();
  return () => {
    stopped = true;
    window.clearInterval(timer);
    unsubscribe();
    item.removeEventListener('click', onClick);
  };
}
