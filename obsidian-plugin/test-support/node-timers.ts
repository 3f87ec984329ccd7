import type { Timers } from '../src/api/timers';

/** Node's timers for tests that run the plugin's client outside a window; `random` is given so backoff delays are known. */
export function nodeTimers(random: () => number = Math.random): Timers {
  return {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    setInterval: (callback, ms) => setInterval(callback, ms),
    clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
    now: () => Date.now(),
    random,
  };
}
