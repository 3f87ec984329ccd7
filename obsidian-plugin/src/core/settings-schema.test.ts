import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, checkSetting, parseSettings } from './settings-schema';

describe('parseSettings', () => {
  it('gives the defaults for a first run', () => {
    expect(parseSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    expect(DEFAULT_SETTINGS.serverUrl).toBe('http://127.0.0.1:8080');
  });

  it('keeps good values and cleans them', () => {
    const { settings, problems } = parseSettings({ serverUrl: 'http://box.tail1234.ts.net:8080/ ', token: ' abc ', defaultNamespace: 'team-a', refreshMode: 'poll', pollSeconds: 30 });
    expect(problems).toEqual([]);
    expect(settings).toEqual({ serverUrl: 'http://box.tail1234.ts.net:8080', token: 'abc', defaultNamespace: 'team-a', refreshMode: 'poll', pollSeconds: 30 });
  });

  it('replaces only the bad values, saying which and why', () => {
    const { settings, problems } = parseSettings({ serverUrl: 'ftp://x', token: 'keep-me', refreshMode: 'sometimes', pollSeconds: 0.5 });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, token: 'keep-me' });
    expect(problems).toEqual([
      'Server URL must be an http:// or https:// URL such as http://127.0.0.1:8080; using the default ("http://127.0.0.1:8080")',
      'Refresh mode must be "live" or "poll"; using the default ("live")',
      'Poll interval must be a whole number of seconds; using the default (10)',
    ]);
  });

  it('survives saved data that is not an object', () => {
    expect(parseSettings('oops')).toEqual({ settings: DEFAULT_SETTINGS, problems: ['Saved settings are not an object; using the defaults'] });
  });
});

describe('checkSetting', () => {
  it('refuses a namespace that the server would refuse, and poll intervals out of range', () => {
    expect(checkSetting('defaultNamespace', 'Team_A')).toEqual({ ok: false, error: expect.stringContaining('Default namespace must be empty or a namespace') });
    expect(checkSetting('defaultNamespace', '')).toEqual({ ok: true, value: '' });
    expect(checkSetting('pollSeconds', 1)).toEqual({ ok: false, error: 'Poll interval must be at least 2 seconds' });
    expect(checkSetting('serverUrl', 'http://127.0.0.1:8080/?x=1')).toEqual({ ok: false, error: expect.stringContaining('Server URL must be') });
  });
});
