import { Notice, Plugin, debounce } from 'obsidian';
import { obsidianTransport } from './api/obsidian-transport';
import { VaultplaneClient } from './api/vaultplane-client';
import { DEFAULT_SETTINGS, parseSettings, type PluginSettings } from './core/settings-schema';
import { registerCodeBlocks } from './ui/code-blocks';
import { registerCommands } from './ui/commands';
import { openNodeHealth } from './ui/node-health-modal';
import { podActionsFor } from './ui/pod-actions';
import { PODS_VIEW_TYPE, PodsView } from './ui/pods-view';
import { registerRunNoteLogs } from './ui/run-note-logs';
import { VaultplaneSettingTab } from './ui/settings-tab';
import { startStatusBar } from './ui/status-bar';

// Lifecycle only: read settings, build the client, register what the plugin shows.
export default class VaultplanePlugin extends Plugin {
  private settings: PluginSettings = DEFAULT_SETTINGS;

  override async onload(): Promise<void> {
    const { settings, problems } = parseSettings(await this.loadData());
    this.settings = settings;
    if (problems.length > 0) new Notice(`Vaultplane settings: ${problems.join('; ')}`);

    const client = new VaultplaneClient(() => this.settings, obsidianTransport());
    this.register(() => client.close());
    const podActions = podActionsFor(this.app, client);

    this.registerView(PODS_VIEW_TYPE, (leaf) => new PodsView(leaf, client, podActions));
    registerCodeBlocks(this, client, { podActions: { openTask: (task) => podActions.openTask?.(task) } });
    registerRunNoteLogs(this);
    const showHealth = () => openNodeHealth(this.app, client);
    registerCommands(this, { app: this.app, api: client, openPodsView: () => this.openPodsView(), openNodeHealth: showHealth });
    this.register(startStatusBar(this.addStatusBarItem(), client, showHealth));
    this.addRibbonIcon('boxes', 'Open the pods view', () => void this.openPodsView());
    // Settings save on every keystroke; reconnect once the typing stops.
    const reconnect = debounce(() => client.reconnect(), 800, true);
    this.register(() => reconnect.cancel());
    this.addSettingTab(
      new VaultplaneSettingTab(this.app, this, {
        settings: () => this.settings,
        save: async (next) => {
          this.settings = next;
          await this.saveData(next);
          reconnect();
        },
        testConnection: () => client.testConnection(),
      }),
    );
  }

  private async openPodsView(): Promise<void> {
    const { workspace } = this.app;
    const leaf = workspace.getLeavesOfType(PODS_VIEW_TYPE)[0] ?? workspace.getRightLeaf(false);
    if (leaf === null) return;
    await leaf.setViewState({ type: PODS_VIEW_TYPE, active: true });
    await workspace.revealLeaf(leaf);
  }
}
