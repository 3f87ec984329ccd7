import { describe, expect, it } from 'vitest';
import { decidePeerAccess, PeerAclSchema, peerNamespaces, type PeerAcl } from './peer-acl';

const gpu = { nodeId: 'AAAAAAAAAAAAAAAA', name: 'gpu-box' };
const laptop = { nodeId: 'BBBBBBBBBBBBBBBB', name: 'laptop' };
const nameless = { nodeId: 'CCCCCCCCCCCCCCCC' };

const acl: PeerAcl = PeerAclSchema.parse([
  { peer: 'gpu-box', namespaces: ['ml', 'batch'], actions: ['schedule', 'read', 'logs'] },
  { peer: 'gpu-box', namespaces: ['batch'], actions: ['evict'] },
  { peer: 'BBBBBBBBBBBBBBBB', namespaces: ['*'], actions: ['read'] },
]);

describe('decidePeerAccess', () => {
  it('lets a peer named in a rule act in its namespaces', () => {
    expect(decidePeerAccess(acl, gpu, 'schedule', 'ml')).toMatchObject({ allowed: true, rule: { peer: 'gpu-box' } });
    expect(decidePeerAccess(acl, gpu, 'evict', 'batch').allowed).toBe(true);
  });

  it('matches a rule by node id as well as by name', () => {
    expect(decidePeerAccess(acl, laptop, 'read', 'anything').allowed).toBe(true);
  });

  it('refuses a namespace outside the rule and says which to add', () => {
    const decision = decidePeerAccess(acl, gpu, 'schedule', 'prod');
    expect(decision).toEqual({
      allowed: false,
      reason: expect.stringMatching(/may not schedule in namespace 'prod' \(only in: ml, batch\); add 'prod'/),
    });
  });

  it('refuses an action the peer does not have, even in a namespace it may use', () => {
    expect(decidePeerAccess(acl, gpu, 'evict', 'ml')).toEqual({ allowed: false, reason: expect.stringMatching(/may not evict in namespace 'ml' \(only in: batch\)/) });
    expect(decidePeerAccess(acl, laptop, 'schedule', 'ml')).toEqual({ allowed: false, reason: expect.stringMatching(/may not schedule here \(it may: read\)/) });
  });

  it('refuses a peer with no rule by default and names it', () => {
    expect(decidePeerAccess(acl, nameless, 'read', 'ml')).toEqual({ allowed: false, reason: expect.stringMatching(/'CCCCCCCCCCCCCCCC' has no entry/) });
    expect(decidePeerAccess([], gpu, 'read').allowed).toBe(false);
  });

  it("gives '*' as peer to every trusted peer", () => {
    const open = PeerAclSchema.parse([{ peer: '*', namespaces: ['shared'], actions: ['logs'] }]);
    expect(decidePeerAccess(open, nameless, 'logs', 'shared').allowed).toBe(true);
    expect(decidePeerAccess(open, nameless, 'logs', 'private').allowed).toBe(false);
  });

  it('allows an action without a namespace when some namespace allows it', () => {
    expect(decidePeerAccess(acl, gpu, 'evict').allowed).toBe(true);
    expect(decidePeerAccess(acl, laptop, 'evict').allowed).toBe(false);
  });
});

describe('peerNamespaces', () => {
  it('lists where a peer may act, for filtering what it sees', () => {
    expect(peerNamespaces(acl, gpu, 'read')).toEqual(['batch', 'ml']);
    expect(peerNamespaces(acl, gpu, 'evict')).toEqual(['batch']);
    expect(peerNamespaces(acl, laptop, 'read')).toBe('*');
    expect(peerNamespaces(acl, nameless, 'read')).toEqual([]);
  });
});

describe('PeerAclSchema', () => {
  it('refuses unknown actions, empty lists and unknown keys', () => {
    expect(PeerAclSchema.safeParse([{ peer: 'x', namespaces: ['a'], actions: ['delete'] }]).success).toBe(false);
    expect(PeerAclSchema.safeParse([{ peer: 'x', namespaces: [], actions: ['read'] }]).success).toBe(false);
    expect(PeerAclSchema.safeParse([{ peer: 'x', namespaces: ['a'], actions: ['read'], extra: 1 }]).success).toBe(false);
    expect(PeerAclSchema.parse(undefined)).toEqual([]);
  });
});
