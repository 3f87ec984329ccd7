import { describe, expect, it } from 'vitest';
import { diagnoseConnection, type Probe } from './connection-diagnosis';

const URL = 'http://127.0.0.1:8080';
const healthy: Probe = { kind: 'answered', status: 200, json: { status: 'ok', version: '0.1.0', node: { node: 'box' } } };
const podList: Probe = { kind: 'answered', status: 200, json: { pods: [{}, {}] } };

describe('diagnoseConnection', () => {
  it('says the server is down when nothing answers', () => {
    const verdict = diagnoseConnection(URL, 't', { kind: 'unreachable', message: 'ECONNREFUSED' }, undefined, '0.1.0');
    expect(verdict).toMatchObject({ ok: false, title: 'Server down' });
    expect(verdict.detail).toContain('Nothing answers at http://127.0.0.1:8080 (ECONNREFUSED)');
  });

  it('says the token is wrong on 401', () => {
    const verdict = diagnoseConnection(URL, 'nope', healthy, { kind: 'answered', status: 401, json: { error: { code: 'unauthorized', message: 'x' } } }, '0.1.0');
    expect(verdict).toMatchObject({ ok: false, title: 'Wrong token' });
  });

  it('asks for a token when none is set', () => {
    expect(diagnoseConnection(URL, '', healthy, undefined, '0.1.0')).toMatchObject({ ok: false, title: 'No token' });
  });

  it('reports a version mismatch before looking at the token', () => {
    const old: Probe = { kind: 'answered', status: 200, json: { status: 'ok', version: '0.3.0' } };
    expect(diagnoseConnection(URL, 't', old, podList, '0.1.0')).toMatchObject({ ok: false, title: 'Version mismatch', detail: expect.stringContaining('update the plugin') });
  });

  it('recognises something else listening on the port', () => {
    expect(diagnoseConnection(URL, 't', { kind: 'answered', status: 404, json: undefined }, undefined, '0.1.0')).toMatchObject({ ok: false, title: 'Not a vaultplane server' });
  });

  it('passes a token without read rights on as such, and a missing engine as a warning', () => {
    expect(diagnoseConnection(URL, 't', healthy, { kind: 'answered', status: 403, json: { error: { code: 'forbidden', message: "token 'ci' may not read" } } }, '0.1.0')).toMatchObject({
      ok: false,
      title: 'Token not allowed',
      detail: "The token is valid but may not list pods: token 'ci' may not read.",
    });
    expect(diagnoseConnection(URL, 't', healthy, { kind: 'answered', status: 503, json: { error: { code: 'engine_unavailable', message: 'start Docker' } } }, '0.1.0')).toMatchObject({
      ok: true,
      title: 'Connected, no Docker',
    });
  });

  it('says connected with the version, node and pod count', () => {
    expect(diagnoseConnection(URL, 't', healthy, podList, '0.1.0')).toEqual({ ok: true, title: 'Connected', detail: 'vaultplane 0.1.0 on node box, 2 pods.' });
  });
});
