#!/usr/bin/env node
// Memory settings that only take effect when a process starts, so the CLI re-runs itself
// once with them (passing signals and the exit status through):
// - glibc gives every thread that allocates its own malloc arena and keeps freed memory in
//   them; LanceDB's query threads grew a 10k-note server from 520 MB to 830 MB RSS over 200
//   searches (550 MB with two arenas).
// - V8 grows its heap far ahead of what indexing keeps alive (most of it is parse garbage);
//   a 15% growth step took a 10k-note cold index from 563 MB to under 400 MB peak for about
//   two seconds more, and an 8 MB young generation semi-space (16 MB by default) took 10-30 MB
//   more off that peak at no measurable CPU cost (4 MB cost 3-7% more CPU for 12 MB more).
// - LanceDB's default read batch is larger than a vault needs: with 1,024-row batches a
//   compaction of a 10k-note table peaks about 60 MB lower and indexing about 25 MB lower,
//   with searches as fast. (Lance reads this from the environment.)
// The flags and variables themselves are in process-settings.json, which the benchmarks read too.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const settings = JSON.parse(readFileSync(new URL('./process-settings.json', import.meta.url), 'utf8'));

if (process.platform === 'linux' && process.env.MALLOC_ARENA_MAX === undefined) {
  const child = spawn(process.execPath, [...settings.nodeFlags, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    // Variables the user set win (MALLOC_ARENA_MAX, being unset, is ours).
    env: { ...settings.env, ...process.env },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    if (signal) {
      // End the way the child ended, so a supervisor sees the same signal.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
  child.on('error', (error) => {
    process.stderr.write(`vaultplane: could not start: ${error.message}\n`);
    process.exit(1);
  });
} else {
  await import('../mcp-server/dist/cli.js');
}
