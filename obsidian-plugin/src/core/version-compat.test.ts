import { describe, expect, it } from 'vitest';
import { checkServerVersion } from './version-compat';

describe('checkServerVersion', () => {
  it('accepts the same 0.minor line and the same major from 1.0 on', () => {
    expect(checkServerVersion('0.1.7', '0.1.0')).toEqual({ ok: true });
    expect(checkServerVersion('1.4.0', '1.0.2')).toEqual({ ok: true });
  });

  it('says which side to update', () => {
    expect(checkServerVersion('0.2.0', '0.1.0')).toEqual({ ok: false, reason: 'version mismatch: the server is 0.2.0, this plugin needs 0.1.x; update the plugin' });
    expect(checkServerVersion('1.0.0', '2.1.0')).toEqual({ ok: false, reason: 'version mismatch: the server is 1.0.0, this plugin needs 2.x; update the server' });
  });

  it('refuses a missing or garbled version', () => {
    expect(checkServerVersion(undefined, '0.1.0')).toEqual({ ok: false, reason: expect.stringContaining('did not report a version') });
    expect(checkServerVersion('latest', '0.1.0')).toEqual({ ok: false, reason: expect.stringContaining("'latest', which is not a version number") });
  });
});
