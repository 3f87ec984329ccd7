import type Docker from 'dockerode';
import { statusOf } from './docker-client';
import { mapDockerError } from './docker-error-mapping';

// Networks the adapters create on demand (a bridge for containers, an overlay for Swarm
// services), remembered so a schedule does not pay a network lookup every time.

export class EnsuredNetworks {
  private readonly known = new Map<string, Promise<void>>();

  constructor(
    private readonly docker: Docker,
    private readonly endpoint: string,
    private readonly settings: { Driver: 'bridge' | 'overlay'; Attachable?: boolean },
  ) {}

  /** Creates the network if it does not exist yet. Safe to call concurrently. */
  ensure(name: string): Promise<void> {
    let pending = this.known.get(name);
    if (pending === undefined) {
      pending = this.createIfMissing(name);
      this.known.set(name, pending);
      // A failure is not remembered: the next call tries again.
      pending.catch(() => this.known.delete(name));
    }
    return pending;
  }

  /** Removed behind our back: the next ensure() looks again. */
  forget(name: string): void {
    this.known.delete(name);
  }

  private async createIfMissing(name: string): Promise<void> {
    try {
      // The name filter matches substrings, so compare exactly.
      const found = await this.docker.listNetworks({ filters: { name: [name] } });
      if (found.some((network) => network.Name === name)) return;
      await this.docker.createNetwork({ Name: name, ...this.settings, CheckDuplicate: true, Labels: { 'vaultplane.managed': 'true' } });
    } catch (error) {
      // Someone else created it between our look and our create: what we wanted.
      if (statusOf(error) === 409) return;
      throw mapDockerError(error, { endpoint: this.endpoint, operation: `create the network '${name}'` });
    }
  }
}
