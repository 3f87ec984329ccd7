import { z } from 'zod';

// Which peers may do what in which namespaces on this node. Deny by default: a trusted peer
// (its signature checked by peer-signing.ts) with no matching rule may do nothing. Rules only
// add permissions, so their order does not matter.
//
//   peers:
//     acl:
//       - peer: gpu-box            # a trusted peer's name, its node id, or '*' for any trusted peer
//         namespaces: [ml, batch]  # or ['*']
//         actions: [schedule, read, logs]

export const PEER_ACTIONS = ['schedule', 'read', 'evict', 'logs', 'task-update'] as const;
export type PeerAction = (typeof PEER_ACTIONS)[number];

export const PeerAclRuleSchema = z.strictObject({
  peer: z.string().min(1).describe("A trusted peer's name or node id; '*' for every trusted peer"),
  namespaces: z.array(z.string().min(1)).min(1).describe("Namespaces it may act in; ['*'] for all"),
  actions: z.array(z.enum(PEER_ACTIONS)).min(1).describe('What it may do there'),
});
export const PeerAclSchema = z.array(PeerAclRuleSchema).default([]);

export type PeerAclRule = z.infer<typeof PeerAclRuleSchema>;
export type PeerAcl = readonly PeerAclRule[];

/** A verified caller: the node id proven by its signature and the name this node trusts it under. */
export interface PeerPrincipal {
  nodeId: string;
  name?: string | undefined;
}

export type PeerAccessDecision = { allowed: true; rule: PeerAclRule } | { allowed: false; reason: string };

/**
 * May `peer` do `action` in `namespace`? Without a namespace (e.g. listing), any namespace will
 * do; filter what is shown with peerNamespaces. The reason of a refusal says what to add.
 */
export function decidePeerAccess(acl: PeerAcl, peer: PeerPrincipal, action: PeerAction, namespace?: string): PeerAccessDecision {
  const label = peer.name === undefined ? `'${peer.nodeId}'` : `'${peer.name}' (${peer.nodeId})`;
  const rules = acl.filter((rule) => matchesPeer(rule, peer));
  if (rules.length === 0) {
    return { allowed: false, reason: `peer ${label} has no entry in the peer ACL; add one with peer: ${peer.name ?? peer.nodeId}, its namespaces and actions` };
  }
  const withAction = rules.filter((rule) => rule.actions.includes(action));
  if (withAction.length === 0) {
    const may = [...new Set(rules.flatMap((rule) => rule.actions))].join(', ');
    return { allowed: false, reason: `peer ${label} may not ${action} here (it may: ${may}); add ${action} to its actions in the peer ACL` };
  }
  const rule = namespace === undefined ? withAction[0] : withAction.find((candidate) => coversNamespace(candidate, namespace));
  if (rule === undefined) {
    const only = [...new Set(withAction.flatMap((candidate) => candidate.namespaces))].join(', ');
    return {
      allowed: false,
      reason: `peer ${label} may not ${action} in namespace '${namespace}' (only in: ${only}); add '${namespace}' to its namespaces in the peer ACL`,
    };
  }
  return { allowed: true, rule };
}

/** The namespaces in which `peer` may do `action`: '*' for all, [] for none. */
export function peerNamespaces(acl: PeerAcl, peer: PeerPrincipal, action: PeerAction): '*' | string[] {
  const namespaces = new Set<string>();
  for (const rule of acl) {
    if (!matchesPeer(rule, peer) || !rule.actions.includes(action)) continue;
    if (rule.namespaces.includes('*')) return '*';
    for (const namespace of rule.namespaces) namespaces.add(namespace);
  }
  return [...namespaces].sort();
}

function matchesPeer(rule: PeerAclRule, peer: PeerPrincipal): boolean {
  return rule.peer === '*' || rule.peer === peer.nodeId || (peer.name !== undefined && rule.peer === peer.name);
}

function coversNamespace(rule: PeerAclRule, namespace: string): boolean {
  return rule.namespaces.includes('*') || rule.namespaces.includes(namespace);
}
