// Clocks and timers as a parameter, so the feed's timing is the caller's (window timers in
// Obsidian for popout windows; plain timers in Node tests).

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  now(): number;
  random(): number;
}

export function windowTimers(): Timers {
  return {
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
    setInterval: (callback, ms) => window.setInterval(callback, ms),
    clearInterval: (handle) => window.clearInterval(handle as number),
    now: () => Date.now(),
    random: () => Math.random(),
  };
}
