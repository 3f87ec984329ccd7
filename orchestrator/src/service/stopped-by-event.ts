import type { ContainerEvent, ContainerSummary } from '../runtime/container-runtime';

// Right after Docker's `die` event, its container list can still call the container running
// (measured on Docker 20.10: nearly every time), while inspecting it already says exited. A pod
// list read because of that event would keep the stale answer until the next event, which may
// never come. So containers that an event said stopped are inspected instead of trusted, until
// the list agrees with the event.

const STOPPED: ReadonlySet<ContainerEvent['action']> = new Set(['die', 'oom', 'stop']);
const LIVE_STATES: ReadonlySet<ContainerSummary['state']> = new Set(['running', 'restarting', 'paused']);

export class StoppedByEvent {
  private readonly ids = new Set<string>();

  note(event: ContainerEvent): void {
    if (STOPPED.has(event.action)) this.ids.add(event.id);
    else if (event.action === 'start' || event.action === 'destroy') this.ids.delete(event.id);
  }

  /** Whether this list entry contradicts an event and should be read again by inspect. */
  contradicts(container: ContainerSummary): boolean {
    if (!this.ids.has(container.id)) return false;
    if (LIVE_STATES.has(container.state)) return true;
    // The list caught up: nothing left to correct for this container.
    this.ids.delete(container.id);
    return false;
  }

  /** The inspected state is the truth from here on. */
  settled(container: ContainerSummary): void {
    if (!LIVE_STATES.has(container.state)) this.ids.delete(container.id);
  }

  forget(id: string): void {
    this.ids.delete(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
