import { Modal, type App } from 'obsidian';
import { describeError } from '../api/api-error';
import type { VaultplaneApi } from '../api/vaultplane-api';
import { healthRows } from '../core/health-summary';

/** "Show node health": the server's /health as a small table. */
export function openNodeHealth(app: App, api: VaultplaneApi): void {
  const modal = new Modal(app);
  modal.setTitle('Node health');
  const body = modal.contentEl.createDiv({ cls: 'vaultplane-health', text: 'Asking the server…' });
  modal.open();
  api
    .health()
    .then((health) => {
      body.empty();
      const table = body.createEl('table', { cls: 'vaultplane-health-table' });
      for (const [label, value] of healthRows(health)) {
        const row = table.createEl('tr');
        row.createEl('th', { text: label });
        row.createEl('td', { text: value });
      }
    })
    .catch((error: unknown) => {
      body.empty();
      body.createDiv({ cls: 'vaultplane-block-error', text: describeError(error) });
    });
}
