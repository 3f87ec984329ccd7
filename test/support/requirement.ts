import { describe, it } from 'vitest';

// Tests that need something outside the repo (a Docker engine, a browser) run against the real
// thing. In CI (CI=true) a missing one is a failure, because .ci/run is supposed to provide it;
// on a developer machine the suite skips with a loud reason instead.

export type Availability = { available: true } | { available: false; reason: string };

export interface Requirement {
  /** What the tests are, e.g. "Docker-backed tests". */
  tests: string;
  /** What they need, as in "has <needs> (required when CI=true)". */
  needs: string;
  availability: Availability;
  /** How to get it. */
  fixHint: string;
}

function isCi(): boolean {
  const ci = process.env.CI?.toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** describe() when the requirement is met; otherwise a failing test under CI, a loud skip elsewhere. */
export function describeRequiring(requirement: Requirement, name: string, fn: () => void): void {
  const { availability } = requirement;
  if (availability.available) {
    describe(name, fn);
    return;
  }
  const message = `${requirement.tests} cannot run: ${availability.reason}\n${requirement.fixHint}`;
  if (isCi()) {
    describe(name, () => {
      it(`has ${requirement.needs} (required when CI=true)`, () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`\n!!! SKIPPING "${name}" !!!\n${message}\n(Under CI=true this is a failure.)\n`);
  describe.skip(name, fn);
}
