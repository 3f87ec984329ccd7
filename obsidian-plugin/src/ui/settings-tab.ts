import { PluginSettingTab, Setting, type App, type Plugin } from 'obsidian';
import type { Diagnosis } from '../core/connection-diagnosis';
import { checkSetting, type PluginSettings } from '../core/settings-schema';

export interface SettingsHost {
  settings(): PluginSettings;
  /** Saves a validated change and reconnects. */
  save(next: PluginSettings): Promise<void>;
  testConnection(): Promise<Diagnosis>;
}

/** Server URL, token, default namespace, refresh mode; each value is checked before it is saved. */
export class VaultplaneSettingTab extends PluginSettingTab {
  constructor(
    app: App,
    plugin: Plugin,
    private readonly host: SettingsHost,
  ) {
    super(app, plugin);
  }

  display(): void {
    const { containerEl } = this;
    containerEl.empty();
    const current = this.host.settings();

    this.textSetting('serverUrl', 'Server URL', 'Where vaultplane serve listens.', current.serverUrl);
    this.textSetting('token', 'Token', 'VAULTPLANE_TOKEN, or the token file the server wrote into its data dir.', current.token, true);
    this.textSetting('defaultNamespace', 'Default namespace', 'Blocks that name no namespace show this one; empty shows all.', current.defaultNamespace);

    new Setting(containerEl)
      .setName('Refresh mode')
      .setDesc('Live uses the server\'s event stream; poll asks every few seconds (for proxies that cut streams).')
      .addDropdown((dropdown) =>
        dropdown
          .addOptions({ live: 'Live', poll: 'Poll' })
          .setValue(current.refreshMode)
          .onChange(async (value) => {
            await this.saveField('refreshMode', value);
            this.display();
          }),
      );
    if (current.refreshMode === 'poll') this.textSetting('pollSeconds', 'Poll interval (seconds)', 'From 2 to 3600.', String(current.pollSeconds), false, Number);

    const result = containerEl.createDiv({ cls: 'vaultplane-connection-result' });
    new Setting(containerEl)
      .setName('Test connection')
      .setDesc('Checks the server, its version and the token.')
      .addButton((button) =>
        button.setButtonText('Test connection').onClick(async () => {
          button.setDisabled(true);
          result.empty();
          result.setText('Testing…');
          try {
            const verdict = await this.host.testConnection();
            result.empty();
            result.toggleClass('vaultplane-ok', verdict.ok);
            result.toggleClass('vaultplane-bad', !verdict.ok);
            result.createEl('strong', { text: verdict.title });
            result.createSpan({ text: ` — ${verdict.detail}` });
          } finally {
            button.setDisabled(false);
          }
        }),
      );
    // The result reads best under the button.
    containerEl.appendChild(result);
  }

  private textSetting<K extends keyof PluginSettings>(key: K, name: string, description: string, value: string, secret = false, convert: (text: string) => unknown = (text) => text): void {
    const setting = new Setting(this.containerEl).setName(name).setDesc(description);
    const problem = this.containerEl.createDiv({ cls: 'vaultplane-setting-error' });
    setting.addText((text) => {
      text.setValue(value);
      if (secret) text.inputEl.type = 'password';
      text.onChange(async (typed) => {
        const error = await this.saveField(key, convert(typed));
        problem.setText(error ?? '');
        text.inputEl.toggleClass('vaultplane-invalid', error !== undefined);
      });
    });
  }

  /** Saves one field when it is valid; otherwise returns why and keeps the saved value. */
  private async saveField<K extends keyof PluginSettings>(key: K, value: unknown): Promise<string | undefined> {
    const checked = checkSetting(key, value);
    if (!checked.ok) return checked.error;
    await this.host.save({ ...this.host.settings(), [key]: checked.value });
    return undefined;
  }
}
