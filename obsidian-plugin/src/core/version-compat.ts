// Whether this plugin can talk to a server of a given version: the same major version, and
// for 0.x the same minor too (semver gives no stability promise below 1.0). Pure.

export type VersionVerdict = { ok: true } | { ok: false; reason: string };

export function checkServerVersion(serverVersion: unknown, pluginVersion: string): VersionVerdict {
  if (typeof serverVersion !== 'string') return { ok: false, reason: 'the server did not report a version; is this a vaultplane server?' };
  const server = parseVersion(serverVersion);
  const plugin = parseVersion(pluginVersion);
  if (server === undefined) return { ok: false, reason: `the server reports version '${serverVersion}', which is not a version number` };
  if (plugin === undefined) throw new Error(`The plugin's own version '${pluginVersion}' is not major.minor.patch`);
  const sameLine = server.major === plugin.major && (plugin.major > 0 || server.minor === plugin.minor);
  if (sameLine) return { ok: true };
  const want = plugin.major > 0 ? `${plugin.major}.x` : `${plugin.major}.${plugin.minor}.x`;
  const update = compare(server, plugin) > 0 ? 'update the plugin' : 'update the server';
  return { ok: false, reason: `version mismatch: the server is ${serverVersion}, this plugin needs ${want}; ${update}` };
}

interface Version {
  major: number;
  minor: number;
  patch: number;
}

function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

function compare(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}
