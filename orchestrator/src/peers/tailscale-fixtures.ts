// Recorded-shape tailscaled answers for tests (test/fixtures/tailscale): `tailscale status --json`
// and LocalAPI whois documents, read from disk so every test sees the same bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/tailscale');

export type TailscaleFixture = 'status.json' | 'status-needs-login.json' | 'whois-tagged.json' | 'whois-user.json';

/** The file as tailscaled would send it. */
export function tailscaleFixtureText(name: TailscaleFixture): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** The file's JSON, not yet validated. */
export function tailscaleFixture(name: TailscaleFixture): unknown {
  return JSON.parse(tailscaleFixtureText(name)) as unknown;
}
