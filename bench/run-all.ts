/**
 * `npm run bench`: every benchmark in turn, each in its own process, printed as one JSON
 * document. Benchmarks are not tests: they print figures and never fail on a threshold.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const BENCHMARKS = ['index-bench.ts', 'quality.ts', 'orchestrator-bench.ts', 'placement-bench.ts'];

const results: Record<string, unknown> = {};
for (const script of BENCHMARKS) {
  process.stderr.write(`bench: ${script}\n`);
  const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, resolve(import.meta.dirname, script)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  results[script.replace(/\.ts$/, '')] = JSON.parse(stdout);
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
