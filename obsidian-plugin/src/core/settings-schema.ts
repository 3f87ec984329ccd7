import * as z from 'zod/mini';

// Plugin settings: what they are, their defaults, and how saved data is read back. A bad saved
// value falls back to its default with a message; the rest of the settings survive.

export type RefreshMode = 'live' | 'poll';

export interface PluginSettings {
  /** Base URL of `vaultplane serve`, without a trailing slash. */
  serverUrl: string;
  /** Bearer token (VAULTPLANE_TOKEN, or the one generated into the data dir). */
  token: string;
  /** Namespace for blocks and views that do not name one; empty shows every namespace. */
  defaultNamespace: string;
  /** live: server-sent events; poll: ask every `pollSeconds` (for proxies that cut streams). */
  refreshMode: RefreshMode;
  pollSeconds: number;
}

export const DEFAULT_SETTINGS: PluginSettings = {
  serverUrl: 'http://127.0.0.1:8080',
  token: '',
  defaultNamespace: '',
  refreshMode: 'live',
  pollSeconds: 10,
};

const NAMESPACE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const FIELD_SCHEMAS = {
  serverUrl: z.pipe(
    z.string().check(
      z.refine((text) => isHttpUrl(text), 'must be an http:// or https:// URL such as http://127.0.0.1:8080'),
    ),
    z.transform((text) => text.trim().replace(/\/+$/, '')),
  ),
  token: z.pipe(z.string(), z.transform((text) => text.trim())),
  defaultNamespace: z.pipe(
    z.string().check(z.refine((text) => text.trim() === '' || (text.trim().length <= 40 && NAMESPACE.test(text.trim())), 'must be empty or a namespace such as "default" (lowercase letters, digits and -)')),
    z.transform((text) => text.trim()),
  ),
  refreshMode: z.enum(['live', 'poll'], 'must be "live" or "poll"'),
  pollSeconds: z.number().check(z.int('must be a whole number of seconds'), z.minimum(2, 'must be at least 2 seconds'), z.maximum(3600, 'must be at most 3600 seconds')),
} satisfies { [K in keyof PluginSettings]: z.ZodMiniType<PluginSettings[K], unknown> };

const LABELS: Record<keyof PluginSettings, string> = {
  serverUrl: 'Server URL',
  token: 'Token',
  defaultNamespace: 'Default namespace',
  refreshMode: 'Refresh mode',
  pollSeconds: 'Poll interval',
};

/** One field as typed in the settings tab: the cleaned value, or why it is refused. */
export function checkSetting<K extends keyof PluginSettings>(key: K, value: unknown): { ok: true; value: PluginSettings[K] } | { ok: false; error: string } {
  const result = (FIELD_SCHEMAS[key] as unknown as z.ZodMiniType<PluginSettings[K], unknown>).safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: `${LABELS[key]} ${result.error.issues[0]?.message ?? 'is not valid'}` };
}

/** Saved data (anything `loadData()` returned) as settings, with a message per value that was refused. */
export function parseSettings(raw: unknown): { settings: PluginSettings; problems: string[] } {
  const settings: PluginSettings = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  if (raw === null || raw === undefined) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { settings, problems: ['Saved settings are not an object; using the defaults'] };
  const saved = raw as Record<string, unknown>;
  for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof PluginSettings>) {
    if (saved[key] === undefined) continue;
    const checked = checkSetting(key, saved[key]);
    if (checked.ok) (settings as unknown as Record<string, unknown>)[key] = checked.value;
    else problems.push(`${checked.error}; using the default (${JSON.stringify(DEFAULT_SETTINGS[key])})`);
  }
  return { settings, problems };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}
