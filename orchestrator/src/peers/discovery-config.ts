// The `peers` part of the configuration: which discovery sources are on and how to reach peers.
// Validated once at start, so a bad entry stops the start with the entry named.
import { z } from 'zod';
import { parseDnsPeerEntry, parseStaticPeerUrl } from './discovery';
import { DEFAULT_LOCALAPI_TIMEOUT_MS, DEFAULT_TAILSCALED_SOCKET } from './tailscale-localapi';
import { DEFAULT_PEER_TAG } from './tailscale-status';

export const DEFAULT_PEER_PORT = 8080;

const port = z.number().int().min(1).max(65535);

// Each entry is read here, once: the parsed config carries the parsed entries, so a bad entry
// stops the start with its path named and discovery never reads the strings again.
function parsedEntry<T>(read: (entry: string) => T, entry: string, ctx: z.RefinementCtx, path: PropertyKey[] = []): T | typeof z.NEVER {
  try {
    return read(entry);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message, path });
    return z.NEVER;
  }
}

export const DISCOVERY_CONFIG_SCHEMA = z.object({
  static: z
    .array(z.string().transform((entry, ctx) => parsedEntry(parseStaticPeerUrl, entry, ctx)))
    .default([])
    .describe('Peer orchestrators as http://host:port URLs'),
  tailscale: z
    .object({
      enabled: z.boolean().default(false),
      socketPath: z.string().min(1).default(DEFAULT_TAILSCALED_SOCKET),
      tag: z
        .string()
        .regex(/^tag:[A-Za-z0-9-]+$/, "a Tailscale tag looks like 'tag:vaultplane'")
        .default(DEFAULT_PEER_TAG),
      port: port.default(DEFAULT_PEER_PORT).describe('Port the tagged peers serve the orchestrator API on'),
      timeoutMs: z.number().int().positive().default(DEFAULT_LOCALAPI_TIMEOUT_MS),
    })
    .prefault({}),
  dns: z
    .object({
      names: z.array(z.string()).default([]).describe('Host names (name or name:port) that resolve to peer orchestrators'),
      port: port.default(DEFAULT_PEER_PORT),
    })
    .prefault({})
    // A name without a port gets the configured one, so the entries are read after the port.
    .transform(({ names, port: dnsPort }, ctx) => ({
      port: dnsPort,
      names: names.map((entry, index) => parsedEntry((text) => parseDnsPeerEntry(text, dnsPort), entry, ctx, ['names', index])),
    })),
});

export type DiscoveryConfig = z.infer<typeof DISCOVERY_CONFIG_SCHEMA>;
export type DiscoveryConfigInput = z.input<typeof DISCOVERY_CONFIG_SCHEMA>;
