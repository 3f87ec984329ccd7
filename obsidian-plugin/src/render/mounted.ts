/** Something rendered into a container that may hold streams and timers; dispose() stops them. */
export interface Mounted {
  dispose(): void;
}
