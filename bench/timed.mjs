// Runs a command with this process's stdin, stdout and stderr and appends its wall time (ms) to a
// file: how the bench learns the function's share of a host's run (kpt fn eval --exec, Argo CD).
// Usage: node bench/timed.mjs TIMING_FILE COMMAND [ARGS...]
import { appendFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const [file, command, ...args] = process.argv.slice(2);
const start = process.hrtime.bigint();
const run = spawnSync(command, args, { stdio: 'inherit' });
appendFileSync(file, `${Number(process.hrtime.bigint() - start) / 1e6}\n`);
process.exitCode = run.status ?? 1;
