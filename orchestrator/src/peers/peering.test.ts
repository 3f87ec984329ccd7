import { describe, expect, it } from 'vitest';
import { mergePeerCandidates, staticPeerCandidates } from './discovery';
import { directoryPeers } from './peering';

describe('directoryPeers', () => {
  it('names peers that share a host by host and port, so each keeps its own state', () => {
    const discovered = mergePeerCandidates(staticPeerCandidates(['http://127.0.0.1:8081', 'http://127.0.0.1:8082', 'http://10.0.0.9:8080']));
    expect(directoryPeers(discovered)).toEqual([
      { name: '10.0.0.9', url: 'http://10.0.0.9:8080' },
      { name: '127.0.0.1:8081', url: 'http://127.0.0.1:8081' },
      { name: '127.0.0.1:8082', url: 'http://127.0.0.1:8082' },
    ]);
  });
});
