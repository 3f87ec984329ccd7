import { describe, expect, it } from 'vitest';
import { buildAccessPolicy, checkBearer, checkHost, checkOrigin, normaliseHost, normaliseOrigin } from './request-guards';

describe('buildAccessPolicy + checkHost', () => {
  const loopback = buildAccessPolicy({ bindHost: '127.0.0.1', port: 8080 });

  it('accepts the loopback names at our port, whatever their case', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LocalHost:8080', '[::1]:8080', 'localhost.:8080']) {
      expect(checkHost(loopback, host)).toEqual({ ok: true });
    }
  });

  it('refuses a rebinding attacker name, another port, a missing port and a missing header', () => {
    for (const host of ['evil.example:8080', 'localhost:9090', 'localhost', '127.0.0.1.evil.example:8080', undefined, 'a b']) {
      const verdict = checkHost(loopback, host);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) {
        expect(verdict.status).toBe(403);
        expect(verdict.message).toMatch(/allowed hosts/);
      }
    }
  });

  it('adds a concrete bind address but not a wildcard one', () => {
    const lan = buildAccessPolicy({ bindHost: '100.64.0.7', port: 8080 });
    expect(checkHost(lan, '100.64.0.7:8080').ok).toBe(true);
    const wildcard = buildAccessPolicy({ bindHost: '0.0.0.0', port: 8080 });
    expect(checkHost(wildcard, '0.0.0.0:8080').ok).toBe(false);
    expect(checkHost(wildcard, 'localhost:8080').ok).toBe(true);
    const v6 = buildAccessPolicy({ bindHost: 'fd7a:115c::1', port: 8080 });
    expect(checkHost(v6, '[fd7a:115c::1]:8080').ok).toBe(true);
  });

  it('takes configured hosts, a bare name meaning our port', () => {
    const policy = buildAccessPolicy({ bindHost: '0.0.0.0', port: 8080, allowedHosts: ['box.tailnet.ts.net', 'proxy.local:443'] });
    expect(checkHost(policy, 'box.tailnet.ts.net:8080').ok).toBe(true);
    expect(checkHost(policy, 'box.tailnet.ts.net:9000').ok).toBe(false);
    expect(checkHost(policy, 'proxy.local:443').ok).toBe(true);
  });

  it('rejects a malformed configured host at start', () => {
    expect(() => buildAccessPolicy({ bindHost: '127.0.0.1', port: 1, allowedHosts: ['http://x/'] })).toThrow(/not a host name/);
  });
});

describe('checkOrigin', () => {
  const policy = buildAccessPolicy({ bindHost: '127.0.0.1', port: 8080, allowedOrigins: ['https://dash.example.com/'] });

  it('lets requests without Origin through (not from a browser page)', () => {
    expect(checkOrigin(policy, undefined)).toEqual({ ok: true });
  });

  it('accepts our own origins, the Obsidian app and configured ones', () => {
    for (const origin of ['http://localhost:8080', 'http://127.0.0.1:8080', 'https://[::1]:8080', 'app://obsidian.md', 'https://dash.example.com']) {
      expect(checkOrigin(policy, origin)).toEqual({ ok: true });
    }
  });

  it('refuses foreign pages, other localhost ports and the null origin', () => {
    for (const origin of ['https://evil.example', 'http://localhost:3000', 'http://localhost', 'null', 'file://', 'app://obsidian.md.evil']) {
      const verdict = checkOrigin(policy, origin);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) {
        expect(verdict.status).toBe(403);
        expect(verdict.message).toContain(origin);
      }
    }
  });

  it('rejects a malformed configured origin at start', () => {
    expect(() => buildAccessPolicy({ bindHost: '127.0.0.1', port: 1, allowedOrigins: ['https://x.example/path'] })).toThrow(/not an origin/);
  });
});

describe('checkBearer', () => {
  it('passes the right token', () => {
    expect(checkBearer('s3cret', 'Bearer s3cret')).toEqual({ ok: true });
  });

  it('says how to pass the token when it is missing, with a WWW-Authenticate challenge', () => {
    const verdict = checkBearer('s3cret', undefined);
    expect(verdict).toMatchObject({ ok: false, status: 401, code: 'unauthorized' });
    if (!verdict.ok) {
      expect(verdict.message).toContain('Authorization: Bearer <token>');
      expect(verdict.message).toContain('VAULTPLANE_TOKEN');
      expect(verdict.headers?.['WWW-Authenticate']).toMatch(/^Bearer/);
    }
  });

  it('refuses a wrong token and a token sent with another scheme', () => {
    expect(checkBearer('s3cret', 'Bearer wrong')).toMatchObject({ ok: false, status: 401, code: 'invalid_token' });
    expect(checkBearer('s3cret', 'Basic s3cret')).toMatchObject({ ok: false, status: 401, code: 'unauthorized' });
  });
});

describe('normalisation', () => {
  it('puts hosts into lowercase name:port form', () => {
    expect(normaliseHost('LOCALHOST', 80)).toBe('localhost:80');
    expect(normaliseHost('[::1]:8080', 80)).toBe('[::1]:8080');
    expect(normaliseHost('host:99999', 80)).toBeUndefined();
    expect(normaliseHost('user@host', 80)).toBeUndefined();
  });

  it('canonicalises origins and drops default ports', () => {
    expect(normaliseOrigin('HTTP://LocalHost:80')).toBe('http://localhost');
    expect(normaliseOrigin('https://example.com:443/')).toBe('https://example.com');
    expect(normaliseOrigin('APP://obsidian.md')).toBe('app://obsidian.md');
    expect(normaliseOrigin('null')).toBeUndefined();
    expect(normaliseOrigin('https://example.com/page')).toBeUndefined();
  });
});
