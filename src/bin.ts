import { run } from './cli/main.ts';

run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() })
  .then((code) => { process.exitCode = code; })
  .catch((error: unknown) => { process.stderr.write(`kuma-inject: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`); process.exitCode = 1; });
