import { execFileSync } from 'node:child_process';

// Integration tests spawn the real CLI, so it must be built from the sources under test.
export default function buildOnce(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
