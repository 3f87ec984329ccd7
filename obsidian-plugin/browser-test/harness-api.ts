/**
 * What the harness page exposes on `globalThis.vaultplaneHarness`, shared by the page (which
 * implements it) and the Node-side tests (which call it through page.evaluate). No DOM types
 * here: the Node side is type-checked without the DOM library.
 */
export type HarnessTheme = 'light' | 'dark';

export type HarnessBlockKind = 'vaultplane-pods' | 'vaultplane-tasks' | 'vaultplane-logs';

export interface HarnessSettings {
  serverUrl: string;
  token: string;
  defaultNamespace?: string;
}

export interface HarnessApi {
  /** Creates the plugin's API client for this server and token; call before mounting. */
  configure(settings: HarnessSettings): void;
  /**
   * Renders a code block as reading view would (inside a note column); returns the mount's
   * id, which is also `data-harness-mount` on its wrapper.
   */
  mountBlock(kind: HarnessBlockKind, source: string): string;
  /** Opens the Pods side view in the right-hand pane; returns its mount id. */
  openPodsView(): Promise<string>;
  /** Starts the plugin's status bar item in a status bar at the bottom right; returns its mount id. */
  mountStatusBar(): string;
  /** Shows the plugin's settings tab (saving into the harness's settings); returns its mount id. */
  openSettings(): string;
  /** Stops a mount's streams and timers and removes it from the page. */
  unmount(id: string): Promise<void>;
  /** Unmounts everything and closes leftover modals and notices. */
  unmountAll(): Promise<void>;
  setTheme(theme: HarnessTheme): void;
}

export type HarnessGlobal = typeof globalThis & { vaultplaneHarness: HarnessApi };

/** Where the page is served on the vaultplane server's own origin (see harness-page.ts). */
export const HARNESS_PATH = '/__vaultplane-harness/';
