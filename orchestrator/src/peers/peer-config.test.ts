import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPeerConfig, parsePeerConfig } from './peer-config';

const dir = await mkdtemp(join(tmpdir(), 'vp-peer-config-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the peers file', () => {
  it('reads node, declared capacity, static peers, trusted keys and the ACL, with defaults for the rest', () => {
    const config = parsePeerConfig(
      [
        'node: alpha',
        'capacity: { cpu: 1, memoryMb: 512 }',
        'discovery: { static: [http://127.0.0.1:9001] }',
        'trusted: [{ name: bravo, publicKey: AAAA }]',
        "acl: [{ peer: bravo, namespaces: ['*'], actions: [schedule, read] }]",
      ].join('\n'),
      'peers.yaml',
    );
    expect(config.node).toBe('alpha');
    expect(config.capacity).toEqual({ cpu: 1, memoryMb: 512 });
    expect(config.discovery.static.map((peer) => peer.url)).toEqual(['http://127.0.0.1:9001']);
    expect(config.trusted).toEqual([{ name: 'bravo', publicKey: 'AAAA' }]);
    expect(config.acl[0]?.actions).toEqual(['schedule', 'read']);
    expect(config.requestTimeoutMs).toBe(30_000);
  });

  it('names the field that is wrong and the file', () => {
    expect(() => parsePeerConfig('capacity: { cpu: -1 }', '/etc/peers.yaml')).toThrow(/\/etc\/peers\.yaml.*capacity\.cpu/);
    expect(() => parsePeerConfig('acl: [{ peer: x, namespaces: [a], actions: [destroy] }]', 'p.yaml')).toThrow(/acl/);
    expect(() => parsePeerConfig('node: "bad name"', 'p.yaml')).toThrow(/node name/);
    expect(() => parsePeerConfig('nodes: alpha', 'p.yaml')).toThrow(/nodes/);
    expect(() => parsePeerConfig('node: [', 'p.yaml')).toThrow(/not YAML/);
  });

  it('a missing file means no peering when allowed, and an error naming the path otherwise', async () => {
    const missing = join(dir, 'none.yaml');
    expect(await loadPeerConfig(missing, { missingOk: true })).toBeUndefined();
    await expect(loadPeerConfig(missing)).rejects.toThrow(/none\.yaml.*cannot be read/);
    await writeFile(join(dir, 'empty.yaml'), '');
    expect((await loadPeerConfig(join(dir, 'empty.yaml')))?.trusted).toEqual([]);
  });
});
