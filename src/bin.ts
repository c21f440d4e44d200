import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { run } from './cli/main.ts';
import type { Streams } from './cli/streams.ts';

// `process.stdin` is a getter that builds a stream: only touch it if fd 0 cannot be read at once.
const streams: Streams = {
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  readStdinSync: () => readFileSync(0),
  stdinIsTTY: isatty(0),
  self: { execPath: process.execPath, script: process.argv[1] ?? '' },
};
// A reader that stops early (`kuma-inject ... | head`) closes the pipe: that is the reader's
// choice, not a failure of ours, so the run ends quietly as other command-line tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
run(process.argv.slice(2), streams)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`kuma-inject: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
