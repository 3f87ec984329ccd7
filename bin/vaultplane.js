#!/usr/bin/env node
// glibc gives every thread that allocates its own malloc arena and keeps freed memory in
// them; LanceDB's query threads then grew a 10k-note server from 520 MB to 830 MB RSS over
// 200 searches (550 MB with two arenas). MALLOC_ARENA_MAX is read only when a process
// starts, so on Linux the CLI re-runs itself once with it set, passing signals through.
import { spawn } from 'node:child_process';

if (process.platform === 'linux' && process.env.MALLOC_ARENA_MAX === undefined) {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, MALLOC_ARENA_MAX: '2' },
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
