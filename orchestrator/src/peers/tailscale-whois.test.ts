import { describe, expect, it } from 'vitest';
import { tailscaleFixture as fixture } from './tailscale-fixtures';
import { parseTailscaleWhois, TailscaleWhoisFormatError } from './tailscale-whois';

describe('parseTailscaleWhois on recorded-shape LocalAPI whois answers', () => {
  it('gives a tagged node its tags and no login (tagged nodes are owned by their tags)', () => {
    expect(parseTailscaleWhois(fixture('whois-tagged.json'))).toEqual({
      nodeName: 'bravo.tail4e2b9.ts.net',
      addresses: ['100.101.102.11', 'fd7a:115c:a1e0::1a01:660b'],
      tags: ['tag:server', 'tag:vaultplane'],
      loginName: undefined,
      capabilities: ['example.com/cap/vaultplane'],
    });
  });

  it("gives a person's node their login name and no tags", () => {
    const identity = parseTailscaleWhois(fixture('whois-user.json'));
    expect(identity.loginName).toBe('ada@example.com');
    expect(identity.tags).toEqual([]);
    expect(identity.capabilities).toEqual([]);
  });

  it('refuses an answer without a Node', () => {
    expect(() => parseTailscaleWhois({ UserProfile: {} })).toThrow(TailscaleWhoisFormatError);
    expect(() => parseTailscaleWhois({ UserProfile: {} })).toThrow(/Node/);
  });
});
