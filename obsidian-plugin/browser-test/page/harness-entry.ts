/**
 * The harness page's script: mounts the plugin's real code blocks and Pods view the way
 * Obsidian would (a code block inside a note in reading view, the view in the right-hand
 * pane), talking to the real server through the plugin's own client and transport. `obsidian`
 * is the DOM-level stand-in (see harness-build.ts).
 */
import { obsidianTransport } from '../../src/api/obsidian-transport';
import { VaultplaneClient } from '../../src/api/vaultplane-client';
import { DEFAULT_SETTINGS, type PluginSettings } from '../../src/core/settings-schema';
import { mountCodeBlock } from '../../src/render/code-block';
import { podActionsFor } from '../../src/ui/pod-actions';
import { PodsView } from '../../src/ui/pods-view';
import { VaultplaneSettingTab } from '../../src/ui/settings-tab';
import { startStatusBar } from '../../src/ui/status-bar';
import type { App as ObsidianApp, Plugin as ObsidianPlugin, WorkspaceLeaf as ObsidianLeaf } from 'obsidian';
import type { HarnessApi, HarnessGlobal, HarnessSettings } from '../harness-api';
import { App, WorkspaceLeaf } from './obsidian-stand-in';

interface Mount {
  el: HTMLElement;
  dispose(): Promise<void> | void;
}

const mounts = new Map<string, Mount>();
let client: VaultplaneClient | undefined;
/** What the plugin would have loaded from data.json; the settings tab saves into it. */
let current: PluginSettings = DEFAULT_SETTINGS;
// The stand-in's App and leaf have only what the plugin's views touch, hence the casts below.
const app = new App();
let nextId = 1;

function requireClient(): VaultplaneClient {
  if (!client) throw new Error('call vaultplaneHarness.configure() before mounting');
  return client;
}

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`harness page has no #${id}`);
  return el;
}

const harness: HarnessApi = {
  configure(given: HarnessSettings) {
    current = { ...DEFAULT_SETTINGS, ...given, defaultNamespace: given.defaultNamespace ?? '' };
    client?.close();
    client = new VaultplaneClient(() => current, obsidianTransport());
  },

  mountBlock(kind, source) {
    const id = `m${nextId++}`;
    // Reading view puts a code block processor's element inside .el-pre in the note.
    const el = byId('harness-note').createDiv({ cls: 'el-pre', attr: { 'data-harness-mount': id } });
    const container = el.createDiv({ cls: `block-language-${kind}` });
    const mounted = mountCodeBlock(kind, container, source, requireClient());
    mounts.set(id, { el, dispose: () => mounted.dispose() });
    return id;
  },

  async openPodsView() {
    const id = `m${nextId++}`;
    const api = requireClient();
    const leaf = new WorkspaceLeaf(app);
    const view = new PodsView(leaf as unknown as ObsidianLeaf, api, podActionsFor(app as unknown as ObsidianApp, api));
    view.containerEl.setAttr('data-harness-mount', id);
    view.containerEl.querySelector('.view-header-title')?.setText(view.getDisplayText());
    byId('harness-side').appendChild(view.containerEl);
    // Obsidian loads a view's component, then opens it; closing runs the other way round.
    view.load();
    await view.onOpen();
    mounts.set(id, {
      el: view.containerEl,
      dispose: async () => {
        await view.onClose();
        view.unload();
      },
    });
    return id;
  },

  mountStatusBar() {
    const id = `m${nextId++}`;
    const bar = document.body.createDiv({ cls: 'status-bar', attr: { 'data-harness-mount': id } });
    // The click opens the node health modal in the app; the harness has no workspace to open it in.
    const stop = startStatusBar(bar.createDiv({ cls: 'status-bar-item' }), requireClient(), () => undefined);
    mounts.set(id, { el: bar, dispose: stop });
    return id;
  },

  openSettings() {
    const id = `m${nextId++}`;
    const api = requireClient();
    const tab = new VaultplaneSettingTab(app as unknown as ObsidianApp, {} as ObsidianPlugin, {
      settings: () => current,
      save: async (next) => {
        current = next;
        await Promise.resolve();
      },
      testConnection: () => api.testConnection(),
    });
    // Obsidian puts the tab's content in the settings modal's right-hand column.
    const el = byId('harness-note').createDiv({ cls: 'vertical-tab-content-container', attr: { 'data-harness-mount': id } });
    el.appendChild(tab.containerEl);
    tab.display();
    mounts.set(id, { el, dispose: () => undefined });
    return id;
  },

  async unmount(id) {
    const mount = mounts.get(id);
    if (!mount) throw new Error(`no mount ${id}`);
    mounts.delete(id);
    await mount.dispose();
    mount.el.detach();
  },

  async unmountAll() {
    for (const id of [...mounts.keys()]) await harness.unmount(id);
    // Modals and notices a test left open go too, so the next test starts on a clean page.
    for (const leftover of Array.from(document.querySelectorAll('.modal-container, .notice-container'))) leftover.remove();
  },

  setTheme(theme) {
    document.body.toggleClass('theme-light', theme === 'light');
    document.body.toggleClass('theme-dark', theme === 'dark');
  },
};

(globalThis as HarnessGlobal).vaultplaneHarness = harness;
